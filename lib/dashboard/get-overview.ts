import 'server-only';
import { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';

const countMap = z.record(z.string(), z.coerce.number());

export const overviewSchema = z.object({
  leads_total: z.coerce.number(),
  leads_today: z.coerce.number(),
  leads_by_status: countMap,
  intake_24h_by_outcome: countMap,
  callers_active: z.coerce.number(),
  assigned_today: z.coerce.number(),
  orders_open: z.coerce.number(),
  orders_fulfilled: z.coerce.number(),
});

export type Overview = z.infer<typeof overviewSchema>;

export interface RecentLead {
  id: string;
  first_name: string | null;
  last_name: string | null;
  state: string | null;
  status: string;
  score: number;
  created_at: Date;
}

/** The Overview page's figures and latest leads, read under the viewer's RLS. */
export async function getOverview(viewer: Viewer) {
  return withViewer(db(), viewer, async (tx) => {
    const [stats] = await tx<{ stats: unknown }[]>`select public.overview_stats() as stats`;
    const recent = await tx<RecentLead[]>`
      select id, first_name, last_name, state, status, score, created_at
      from public.leads order by created_at desc limit 10`;
    return { stats: overviewSchema.parse(stats?.stats), recent };
  });
}
