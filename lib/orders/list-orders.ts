import 'server-only';
import type { TransactionSql } from 'postgres';
import { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { offsetOf, paginationSchema, toPage } from '@/lib/db/pagination';
import { containsPattern } from '@/lib/db/like';
import { withViewer } from '@/lib/db/with-viewer';

export const orderStatuses = ['open', 'fulfilled', 'deleted'] as const;

export const listOrdersQuery = paginationSchema.extend({
  status: z.enum(orderStatuses).optional(),
  customer: z.string().trim().min(1).max(200).optional(),
});

export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;

export interface OrderRow {
  id: string;
  customer_name: string;
  customer_email: string | null;
  requested_states: string[];
  quantity: number | null;
  status: string;
  created_at: Date;
  fulfilled_at: Date | null;
  lead_count: number;
}

/** Orders newest first with how many leads each holds now. */
export async function listOrders(viewer: Viewer, query: ListOrdersQuery) {
  return withViewer(db(), viewer, async (tx) => toPage(await selectOrders(tx, query), query));
}

/** The list's query on a transaction already run as the viewer; each row carries the `total`. */
export function selectOrders(tx: TransactionSql, query: Omit<ListOrdersQuery, 'page'> & { page?: number }) {
  const customer = query.customer ? containsPattern(query.customer) : null;
  return tx<(OrderRow & { total: string })[]>`
      select o.id, o.customer_name, o.customer_email, o.requested_states, o.quantity, o.status,
             o.created_at, o.fulfilled_at,
             (select count(*)::int from public.order_leads ol
               where ol.order_id = o.id and ol.released_at is null) as lead_count,
             count(*) over () as total
      from public.orders o
      where (${query.status ?? null}::text is null or o.status = ${query.status ?? null})
        and (${customer}::text is null or o.customer_name ilike ${customer})
      order by o.created_at desc, o.id
      limit ${query.per_page} offset ${offsetOf({ page: query.page ?? 1, per_page: query.per_page })}`;
}
