import 'server-only';
import { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { viewerRpc } from '@/lib/db/viewer-rpc';
import { withViewer } from '@/lib/db/with-viewer';

export const assignBodySchema = z.object({ caller_id: z.uuid().nullable().optional() }).strict();
export const statusBodySchema = z.object({
  // Which moves are allowed is the database's rule (lead_status_transitions): it answers 409.
  status: z.string().trim().min(1).max(40),
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
 * transaction (assign_next_stock_lead, the same step `call assign_stock()` repeats): a sweep
 * never holds one lead's locks while routing the next.
 */
export async function assignStockLeads(viewer: Viewer, limit = 200, after: string | null = null) {
  let cursor = after;
  let tried = 0;
  let assigned = 0;
  let exhausted = false;
  while (tried < limit) {
    const step = await call<{ lead_id: string; assigned: boolean } | null>(viewer, (tx) =>
      tx`select public.assign_next_stock_lead(${cursor}) as r`);
    if (!step) {
      exhausted = true;
      break;
    }
    cursor = step.lead_id;
    tried += 1;
    if (step.assigned) assigned += 1;
  }
  const [stock] = await withViewer(db(), viewer, (tx) => tx<{ n: number }[]>`select count(*)::int as n from public.leads where status = 'new'`);
  return { tried, assigned, next_after: exhausted || tried === 0 ? null : cursor, in_stock: stock!.n };
}
