import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';

export interface IntakeDetail {
  id: string;
  received_at: Date;
  source_name: string | null;
  request_id: string;
  idempotency_key: string | null;
  content_type: string | null;
  raw_body: string;
  payload: unknown;
  headers: Record<string, string>;
  outcome: string;
  duplicate_reason: string | null;
  lead_id: string | null;
  error: string | null;
  replay_of: string | null;
  replays: { id: string; outcome: string; received_at: Date }[];
}

/** One intake with everything needed to inspect or repair it, or null. */
export async function getIntake(viewer: Viewer, id: string): Promise<IntakeDetail | null> {
  return withViewer(db(), viewer, async (tx) => {
    const [row] = await tx<Omit<IntakeDetail, 'replays'>[]>`
      select i.id, i.received_at, s.name as source_name, i.request_id, i.idempotency_key, i.content_type,
             i.raw_body, i.payload, i.headers, i.outcome, i.duplicate_reason, i.lead_id, i.error, i.replay_of
      from public.lead_intake i left join public.sources s on s.id = i.source_id
      where i.id = ${id}`;
    if (!row) return null;
    const replays = await tx<IntakeDetail['replays']>`
      select id, outcome, received_at from public.lead_intake where replay_of = ${id} order by received_at`;
    return { ...row, replays };
  });
}
