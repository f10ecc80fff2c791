import 'server-only';
import type { PendingQuery, Row, TransactionSql } from 'postgres';
import { z } from 'zod';
import type { Viewer } from '@/lib/auth/viewer';
import { overviewSchema } from '@/lib/dashboard/get-overview';
import { addLeadIn } from '@/lib/intake/add-lead';
import { leadStatuses, listLeadsQuery, selectLeads } from '@/lib/leads/list-leads';
import { orderStatuses, selectOrders } from '@/lib/orders/list-orders';
import { createOrderSchema, returnLeadsSchema } from '@/lib/orders/order-schema';
import { eventSchema } from '@/lib/scoring/event-schema';
import { recordEvent } from '@/lib/scoring/record-event';

/**
 * One automation command: what it is called, the parameters it takes, and how it runs inside
 * the request's transaction as the viewer. Each asks a public SQL function (or reads as the
 * dashboard's lists do), so RLS and the functions' role checks decide what the viewer may do.
 */
export interface Command<S extends z.ZodType = z.ZodType> {
  name: string;
  params: S;
  summary: string;
  run(tx: TransactionSql, viewer: Viewer, params: z.output<S>): Promise<unknown>;
}

function command<S extends z.ZodType>(definition: Command<S>): Command {
  return definition as unknown as Command;
}

/** The JSON a `select public.fn(…) as r` answers. */
async function rpc(query: PendingQuery<Row[]>): Promise<unknown> {
  const [row] = await query;
  return row!.r;
}

/** A list given as an array, or as text with commas (`CA,NY`), which is how a line writes one. */
function listOf<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value), schema);
}

const limit = z.coerce.number().int().min(1).max(500).default(50);

/** The dashboard lists' rows without their page total: a command answers a plain list. */
const withoutTotal = <T extends { total: string }>(rows: readonly T[]) => rows.map(({ total: _total, ...row }) => row);

export const commands: readonly Command[] = [
  command({
    name: 'create_order',
    summary: 'Creates an order and allocates stock leads of its states at once.',
    params: z.strictObject({
      customer_name: createOrderSchema.shape.customer_name,
      customer_email: createOrderSchema.shape.customer_email,
      requested_states: listOf(createOrderSchema.shape.requested_states),
    }),
    run: (tx, _viewer, p) => rpc(tx`select public.create_order(${p.customer_name}, ${p.customer_email ?? null}, ${p.requested_states}) as r`),
  }),
  command({
    name: 'fulfill_order',
    summary: 'Tops the order up, marks it fulfilled and its leads sold; again: the same result.',
    params: z.strictObject({ orderId: z.uuid() }),
    run: (tx, _viewer, p) => rpc(tx`select public.fulfill_order(${p.orderId}) as r`),
  }),
  command({
    name: 'delete_order',
    summary: 'Puts every lead of the order back in stock and keeps it as deleted.',
    params: z.strictObject({ orderId: z.uuid() }),
    run: (tx, _viewer, p) => rpc(tx`select public.delete_order(${p.orderId}) as r`),
  }),
  command({
    name: 'get_orders',
    summary: 'Orders newest first, with how many leads each holds now.',
    params: z.strictObject({ status: z.enum(orderStatuses).optional(), limit }),
    run: async (tx, _viewer, p) => withoutTotal(await selectOrders(tx, { status: p.status, per_page: p.limit })),
  }),
  command({
    name: 'get_leads',
    summary: 'Leads newest first, by status (`unassigned`: in stock) and state.',
    params: z.strictObject({
      // `unassigned` is the older clients' word for leads in stock, which are `new`.
      status: z.enum([...leadStatuses, 'unassigned']).transform((status) => (status === 'unassigned' ? 'new' : status)).optional(),
      state: listLeadsQuery.shape.state,
      limit,
    }),
    run: async (tx, _viewer, p) => withoutTotal(await selectLeads(tx, { status: p.status, state: p.state, per_page: p.limit })),
  }),
  command({
    name: 'assign_lead',
    summary: 'Routes the lead by the routing rules, or to callerId by hand.',
    params: z.strictObject({ leadId: z.uuid(), callerId: z.uuid().optional() }),
    run: (tx, _viewer, p) => rpc(p.callerId
      ? tx`select public.assign_lead_manual(${p.leadId}, ${p.callerId}) as r`
      : tx`select public.assign_lead_atomic(${p.leadId}) as r`),
  }),
  command({
    name: 'return_leads',
    summary: 'Takes leads of a fulfilled order (all when leadIds is absent) back to stock.',
    params: z.strictObject({
      orderId: z.uuid(),
      leadIds: listOf(returnLeadsSchema.shape.lead_ids),
      reason: returnLeadsSchema.shape.reason,
    }),
    run: (tx, _viewer, p) => rpc(tx`select public.return_leads(${p.orderId}, ${p.leadIds ?? null}, ${p.reason}) as r`),
  }),
  command({
    name: 'recompute_scores',
    summary: 'Re-scores every lead from its events under the current rules.',
    params: z.strictObject({}),
    run: (tx) => rpc(tx`select public.recompute_scores() as r`),
  }),
  command({
    name: 'ingest_lead',
    summary: 'Adds a lead as the dashboard\'s Add lead does: de-duplicated, scored and routed.',
    params: z.record(z.string(), z.unknown()).refine((fields) => Object.keys(fields).length > 0, 'give at least one lead field'),
    run: (tx, viewer, fields) => addLeadIn(tx, viewer, 'dashboard', fields),
  }),
  command({
    name: 'record_event',
    summary: 'Records a scoring event on a lead, as POST /api/events does, and answers the new score.',
    params: eventSchema,
    run: (tx, _viewer, event) => recordEvent(tx, event),
  }),
  command({
    name: 'get_stats',
    summary: 'The Overview page\'s counts.',
    params: z.strictObject({}),
    run: async (tx) => overviewSchema.parse(await rpc(tx`select public.overview_stats() as r`)),
  }),
  command({
    name: 'reassign_stale_leads',
    summary: 'Sends leads their caller has not moved on for `minutes` back through routing, never to that caller.',
    params: z.strictObject({ minutes: z.coerce.number().int().min(1) }),
    run: (tx, _viewer, p) => rpc(tx`select public.reassign_stale_leads(${p.minutes}) as r`),
  }),
  command({
    name: 'one_time_rule',
    summary: 'Records a one-time rule that fulfils or deletes the order at run_at, or runs it now without one.',
    params: z.strictObject({
      orderId: z.uuid(),
      action: z.enum(['fulfill_order', 'delete_order']),
      run_at: z.iso.datetime({ offset: true }).optional(),
    }),
    run: (tx, _viewer, p) => rpc(tx`select public.one_time_rule(${p.orderId}, ${p.action}, ${p.run_at ?? null}) as r`),
  }),
];
