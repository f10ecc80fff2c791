import 'server-only';
import { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { offsetOf, paginationSchema, toPage } from '@/lib/db/pagination';
import { containsPattern } from '@/lib/db/like';
import { withViewer } from '@/lib/db/with-viewer';

export const intakeOutcomes = ['created', 'duplicate', 'rejected', 'failed'] as const;

export const listIntakeQuery = paginationSchema.extend({
  outcome: z.enum(intakeOutcomes).optional(),
  /** Matches a request id, idempotency key or lead id exactly, or text in the raw body. */
  q: z.string().trim().min(1).max(200).optional(),
});

export type ListIntakeQuery = z.infer<typeof listIntakeQuery>;

export interface IntakeRow {
  id: string;
  received_at: Date;
  source_name: string | null;
  request_id: string;
  outcome: string;
  lead_id: string | null;
  error: string | null;
}

/** Intake requests newest first, optionally by outcome and search text. */
export async function listIntake(viewer: Viewer, query: ListIntakeQuery) {
  const q = query.q ?? null;
  const pattern = q ? containsPattern(q) : null;
  return withViewer(db(), viewer, async (tx) => {
    const rows = await tx<(IntakeRow & { total: string })[]>`
      select i.id, i.received_at, s.name as source_name, i.request_id, i.outcome, i.lead_id, i.error,
             count(*) over () as total
      from public.lead_intake i
      left join public.sources s on s.id = i.source_id
      where (${query.outcome ?? null}::text is null or i.outcome = ${query.outcome ?? null})
        and (${q}::text is null or i.request_id = ${q} or i.idempotency_key = ${q}
             or i.lead_id::text = ${q} or i.raw_body ilike ${pattern})
      order by i.received_at desc, i.id
      limit ${query.per_page} offset ${offsetOf(query)}`;
    return toPage(rows, query);
  });
}
