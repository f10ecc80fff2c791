import 'server-only';
import { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { viewerRpc } from '@/lib/db/viewer-rpc';
import { withViewer } from '@/lib/db/with-viewer';

export const assignBodySchema = z.object({ caller_id: z.uuid().nullable().optional() }).strict();
export const statusBodySchema = z.object({
  status: z.enum(['contacted', 'qualified', 'won', 'lost']),
  note: z.string().max(2000).optional(),
});
export const assignStockBodySchema = z.object({
  limit: z.number().int().min(1).max(1000).optional(),
  after: z.uuid().nullable().optional(),
});

const call = viewerRpc;

/** To a chosen caller (manual), or by the routing rules when callerId is absent. */
export function assignLead(viewer: Viewer, leadId: string, callerId?: string | null) {
  return call(viewer, (tx) =>
    callerId
      ? tx`select public.assign_lead_manual(${leadId}, ${callerId}) as r`
      : tx`select public.assign_lead_atomic(${leadId}) as r`);
}

export function unassignLead(viewer: Viewer, leadId: string) {
  return call(viewer, (tx) => tx`select public.unassign_lead(${leadId}) as r`);
}

export function updateLeadStatus(viewer: Viewer, leadId: string, status: string, note?: string) {
  return call(viewer, (tx) => tx`select public.update_lead_status(${leadId}, ${status}, ${note ?? null}) as r`);
}

/**
 * Routes up to `limit` stock leads after lead `after`, oldest first, each in its own
 * transaction: a sweep never holds one lead's locks while routing the next.
 */
export async function assignStockLeads(viewer: Viewer, limit = 200, after: string | null = null) {
  const ids = await withViewer(db(), viewer, (tx) => tx<{ id: string }[]>`
    select l.id from public.leads l
    where l.status = 'new'
      and (${after}::uuid is null or (l.created_at, l.id) > (select c.created_at, c.id from public.leads c where c.id = ${after}))
    order by l.created_at, l.id limit ${limit}`);
  let assigned = 0;
  for (const { id } of ids) {
    if ((await assignLead(viewer, id)).assigned) assigned += 1;
  }
  const [stock] = await withViewer(db(), viewer, (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.leads where status = 'new'`);
  return { tried: ids.length, assigned, next_after: ids.length === limit ? ids.at(-1)!.id : null, in_stock: stock!.n };
}
