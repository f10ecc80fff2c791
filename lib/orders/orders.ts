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

/** The global per-state caps, e.g. {"CA":20}, and their edit version (one for all of them). */
export interface StateCaps {
  caps: Record<string, number>;
  version: number;
}

/** The caps as the API and set_state_caps show them: `{"CA":20,…,"version":n}`. */
export function stateCapsJson({ caps, version }: StateCaps): Record<string, number> {
  return { ...caps, version };
}

function fromStateCapsJson({ version, ...caps }: Record<string, number>): StateCaps {
  return { caps, version: version! };
}

export async function getStateCaps(viewer: Viewer): Promise<StateCaps> {
  // One statement, one snapshot: the version read is the version of exactly these caps.
  const [row] = await withViewer(db(), viewer, (tx) => tx<StateCaps[]>`
    select coalesce((select jsonb_object_agg(state, cap order by state) from public.state_caps), '{}'::jsonb) as caps,
           (select version from public.state_caps_version) as version`);
  return row!;
}

/**
 * Sets the caps given (null removes one) through set_state_caps. With `version` (the one the
 * edit started from), caps changed since then are not saved: 409 with the caps as they are now.
 */
export async function setStateCaps(viewer: Viewer, caps: Record<string, number | null>, version?: number | null): Promise<StateCaps> {
  return fromStateCapsJson(await rpc(viewer, (tx) => tx`select public.set_state_caps(${tx.json(caps)}, ${version ?? null}) as r`) as Record<string, number>);
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
