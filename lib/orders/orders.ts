import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { viewerRpc } from '@/lib/db/viewer-rpc';
import { withViewer } from '@/lib/db/with-viewer';
import type { CreateOrder } from './order-schema';

type Json = Record<string, unknown>;
const rpc = viewerRpc<Json>;

/** Creates the order and allocates its leads at once (create_order). */
export function createOrder(viewer: Viewer, order: CreateOrder) {
  return rpc(viewer, (tx) => tx`
    select public.create_order(${order.customer_name}, ${order.customer_email ?? null}, ${order.requested_states},
      ${order.quantity ?? null}, ${tx.json(order.state_caps ?? {})}) as r`);
}

/** The order with its leads, or null. */
export async function getOrder(viewer: Viewer, id: string): Promise<Json | null> {
  return (await rpc(viewer, (tx) => tx`select public.order_json(${id}) as r`)) ?? null;
}

export function fulfillOrder(viewer: Viewer, id: string) {
  return rpc(viewer, (tx) => tx`select public.fulfill_order(${id}) as r`);
}

export function deleteOrder(viewer: Viewer, id: string) {
  return rpc(viewer, (tx) => tx`select public.delete_order(${id}) as r`);
}

export function returnLeads(viewer: Viewer, id: string, leadIds: string[] | null, reason: string) {
  return rpc(viewer, (tx) => tx`select public.return_leads(${id}, ${leadIds}, ${reason}) as r`);
}

/** Global per-state caps, e.g. {"CA":20}. */
export async function getStateCaps(viewer: Viewer): Promise<Record<string, number>> {
  const rows = await withViewer(db(), viewer, (tx) => tx<{ state: string; cap: number }[]>`select state, cap from public.state_caps order by state`);
  return Object.fromEntries(rows.map((row) => [row.state, row.cap]));
}

export async function setStateCaps(viewer: Viewer, caps: Record<string, number | null>): Promise<Record<string, number>> {
  return (await rpc(viewer, (tx) => tx`select public.set_state_caps(${tx.json(caps)}) as r`)) as Record<string, number>;
}

/** Leads counted by status, and by state and status. */
export async function leadStats(viewer: Viewer) {
  return withViewer(db(), viewer, async (tx) => {
    const rows = await tx<{ state: string | null; status: string; n: number }[]>`
      select state, status, count(*)::int as n from public.leads group by state, status`;
    const byStatus: Record<string, number> = {};
    const byState: Record<string, Record<string, number>> = {};
    for (const { state, status, n } of rows) {
      byStatus[status] = (byStatus[status] ?? 0) + n;
      const key = state ?? 'unknown';
      byState[key] = { ...byState[key], [status]: n };
    }
    return { total: rows.reduce((sum, row) => sum + row.n, 0), by_status: byStatus, by_state: byState };
  });
}
