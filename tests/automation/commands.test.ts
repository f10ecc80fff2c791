import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapError } from '@/lib/api/errors';
import { LOCAL_ADMIN, type Viewer } from '@/lib/auth/viewer';
import { runCommands, type CommandCall, type CommandOutcome, type RunOptions } from '@/lib/automation/run-commands';
import { createMember } from '../support/members';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Every command of the command layer against the real database, as members of each role, in
// the one transaction per request that the endpoint and the CLI use.

let db: TestDatabase;
let manager: Viewer;
let callerViewer: Viewer;
let callerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  manager = await createMember(db.sql, 'manager');
  callerId = (await db.sql<{ id: string }[]>`insert into public.callers (name, assigned_states) values ('Desk WY', '{WY}') returning id`)[0]!.id;
  callerViewer = await createMember(db.sql, 'caller', { callerId });
});
afterAll(() => db.drop());

const run = (viewer: Viewer, calls: CommandCall[], options?: RunOptions) => runCommands(db.sql, viewer, calls, options);

/** One command's result, or the test fails with the error it gave. */
async function result<T = Record<string, unknown>>(viewer: Viewer, command: string, params: unknown = {}): Promise<T> {
  const [outcome] = await run(viewer, [{ command, params }]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.result as T;
}

/** One command's error as the API answers it. */
async function failure(viewer: Viewer, command: string, params: unknown = {}) {
  const [outcome] = await run(viewer, [{ command, params }]);
  expect(outcome!.ok, `${command} should fail`).toBe(false);
  const mapped = mapError((outcome as Extract<CommandOutcome, { ok: false }>).error);
  return { status: mapped.status, code: mapped.code, message: mapped.message };
}

/** Fresh stock in a state only this test uses, oldest first. */
async function stock(state: string, count: number): Promise<string[]> {
  const rows = await db.sql<{ id: string }[]>`
    insert into public.leads (first_name, state, created_at)
    select 'Stock ' || i, ${state}, now() - interval '30 days' + i * interval '1 minute' from generate_series(1, ${count}) i
    returning id`;
  return rows.map((row) => row.id);
}

const orderRow = async (id: string) => (await db.sql`select status from public.orders where id = ${id}`)[0];
const leadStatus = async (id: string) => (await db.sql<{ status: string; assigned_caller_id: string | null }[]>`
  select status, assigned_caller_id from public.leads where id = ${id}`)[0]!;

const TABLES = ['orders', 'order_leads', 'leads', 'lead_assignments', 'lead_events', 'lead_intake', 'scoring_jobs'] as const;
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) counts[table] = (await db.sql<{ n: number }[]>`select count(*)::int as n from ${db.sql('public.' + table)}`)[0]!.n;
  return counts;
}

describe('orders', () => {
  it('create_order takes the states as a comma string, allocates stock, and get_orders lists it', async () => {
    await stock('AK', 3);
    await stock('HI', 2);
    const order = await result(manager, 'create_order', { customer_name: 'Comma Buyer', customer_email: 'comma@buyer.example', requested_states: 'ak, HI' });
    expect(order).toMatchObject({ customer_name: 'Comma Buyer', status: 'open', requested_states: ['AK', 'HI'], allocated: 5 });
    expect(await orderRow(order.id as string)).toEqual({ status: 'open' });

    const listed = await result<{ id: string; lead_count: number }[]>(manager, 'get_orders', { status: 'open', limit: '10' });
    expect(listed.find((row) => row.id === order.id)).toMatchObject({ lead_count: 5 });
    expect(await result<unknown[]>(manager, 'get_orders', { limit: 1 })).toHaveLength(1);
  });

  it('create_order takes the states as an array too, and refuses a bad state code', async () => {
    await stock('VT', 1);
    expect(await result(manager, 'create_order', { customer_name: 'Array Buyer', requested_states: ['VT'] })).toMatchObject({ allocated: 1 });
    expect(await failure(manager, 'create_order', { customer_name: 'X', requested_states: 'California' })).toMatchObject({ status: 400, code: 'bad_request' });
  });

  it('fulfill_order sells the leads and answers the same again; return_leads takes some back; delete_order releases the rest', async () => {
    const leads = await stock('ME', 10);
    const order = await result(manager, 'create_order', { customer_name: 'Lifecycle', requested_states: 'ME' });
    const first = await result(manager, 'fulfill_order', { orderId: order.id });
    expect(first).toMatchObject({ status: 'fulfilled', allocated: 10 });
    expect(await result(manager, 'fulfill_order', { orderId: order.id })).toEqual(first);
    expect((await leadStatus(leads[0]!)).status).toBe('sold');

    const returned = await result(manager, 'return_leads', { orderId: order.id, leadIds: `${leads[0]},${leads[1]}`, reason: 'disconnected' });
    expect(returned).toMatchObject({ returned_now: 2, allocated: 8 });
    expect((await leadStatus(leads[0]!)).status).toBe('new');
    expect(await failure(manager, 'return_leads', { orderId: order.id, reason: '' })).toMatchObject({ status: 400 });

    expect(await result(manager, 'delete_order', { orderId: order.id })).toMatchObject({ status: 'deleted', allocated: 0 });
    expect(await orderRow(order.id as string)).toEqual({ status: 'deleted' });
    expect((await leadStatus(leads[9]!)).status).toBe('new');
  });

  it('answers the SQL functions\' own errors with their codes', async () => {
    expect(await failure(manager, 'fulfill_order', { orderId: randomUUID() })).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('leads', () => {
  it('get_leads filters by status and state, reads `unassigned` as leads in stock, and limits', async () => {
    const ids = await stock('RI', 3);
    await db.sql`update public.leads set status = 'lost' where id = ${ids[0]!}`;
    const inStock = await result<{ id: string; status: string }[]>(manager, 'get_leads', { status: 'unassigned', state: 'ri' });
    expect(inStock.map((lead) => lead.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect(inStock.every((lead) => lead.status === 'new')).toBe(true);
    expect(await result<unknown[]>(manager, 'get_leads', { status: 'lost', state: 'RI' })).toHaveLength(1);
    expect(await result<unknown[]>(manager, 'get_leads', { state: 'RI', limit: '2' })).toHaveLength(2);
    expect(await failure(manager, 'get_leads', { limit: 501 })).toMatchObject({ status: 400 });
    expect(await failure(manager, 'get_leads', { status: 'unknown' })).toMatchObject({ status: 400 });
  });

  it('assign_lead routes by the rules without callerId, and assigns by hand with one', async () => {
    const [routed, manual] = await stock('WY', 2);
    expect(await result(manager, 'assign_lead', { leadId: routed })).toMatchObject({ assigned: true, caller_id: callerId });
    expect(await leadStatus(routed!)).toEqual({ status: 'assigned', assigned_caller_id: callerId });

    const other = (await db.sql<{ id: string }[]>`insert into public.callers (name) values ('Hand picked') returning id`)[0]!.id;
    expect(await result(manager, 'assign_lead', { leadId: manual, callerId: other })).toMatchObject({ assigned: true, caller_id: other, reason: 'manual' });
    const [assignment] = await db.sql`select reason from public.lead_assignments where lead_id = ${manual!} order by assigned_at desc limit 1`;
    expect(assignment).toEqual({ reason: 'manual' });
  });

  it('ingest_lead adds a lead as the Add lead form does, and knows a duplicate', async () => {
    const phone = `307555${String(Date.now()).slice(-4)}`;
    const created = await result(manager, 'ingest_lead', { first_name: 'Ingested', phone, state: 'Wyoming' });
    expect(created).toMatchObject({ outcome: 'created', deduplicated: false });
    const [lead] = await db.sql`
      select l.first_name, l.state, s.name as source from public.leads l join public.sources s on s.id = l.source_id
      where l.id = ${created.lead_id as string}`;
    expect(lead).toEqual({ first_name: 'Ingested', state: 'WY', source: 'dashboard' });
    expect(await result(manager, 'ingest_lead', { first_name: 'Again', phone })).toMatchObject({ outcome: 'duplicate', lead_id: created.lead_id });
    expect(await failure(manager, 'ingest_lead', {})).toMatchObject({ status: 400 });
  });

  it('record_event scores the lead once per event id; recompute_scores re-scores every lead', async () => {
    const [lead] = await stock('DE', 1);
    const event = { event_id: `ev-${randomUUID()}`, lead_id: lead, type: 'meeting_booked' };
    expect(await result(manager, 'record_event', event)).toMatchObject({ deduplicated: false, lead_id: lead, score: 50 });
    expect(await result(manager, 'record_event', event)).toMatchObject({ deduplicated: true });
    expect(await failure(manager, 'record_event', { ...event, event_id: 'other', lead_id: randomUUID() })).toMatchObject({ status: 404 });
    expect(await failure(manager, 'record_event', { event_id: 'x', type: 'call_answered' })).toMatchObject({ status: 400 });

    const n = (await db.sql<{ n: number }[]>`select count(*)::int as n from public.leads`)[0]!.n;
    expect(await result(manager, 'recompute_scores')).toMatchObject({ processed: n, job_id: expect.any(String) });
  });

  it('get_stats answers the Overview counts', async () => {
    const n = (await db.sql<{ n: number }[]>`select count(*)::int as n from public.leads`)[0]!.n;
    expect(await result(manager, 'get_stats')).toMatchObject({ leads_total: n, callers_active: expect.any(Number) });
  });
});

describe('automation', () => {
  it('reassign_stale_leads sends a lead its caller let sit to another caller, never back', async () => {
    const [first, second] = await db.sql<{ id: string }[]>`
      insert into public.callers (name, assigned_states) values ('Desk SD 1', '{SD}'), ('Desk SD 2', '{SD}') returning id`;
    const [lead] = await stock('SD', 1);
    await db.sql`select public.assign_lead_manual(${lead!}, ${first!.id})`;
    await db.sql`update public.leads set status_changed_at = now() - interval '3 hours' where id = ${lead!}`;
    expect(await result(manager, 'reassign_stale_leads', { minutes: '120' })).toEqual({ reassigned: 1, to_stock: 0 });
    expect(await leadStatus(lead!)).toEqual({ status: 'assigned', assigned_caller_id: second!.id });
    expect(await failure(manager, 'reassign_stale_leads', { minutes: 0 })).toMatchObject({ status: 400 });
    expect(await failure(callerViewer, 'reassign_stale_leads', { minutes: 120 })).toMatchObject({ status: 403 });
  });

  it('one_time_rule fulfils an order now, or records the rule for run_at', async () => {
    await stock('ND', 2);
    const now = await result(manager, 'create_order', { customer_name: 'Rule Buyer', requested_states: 'ND' });
    expect(await result(manager, 'one_time_rule', { orderId: now.id, action: 'fulfill_order' }))
      .toMatchObject({ run: { ok: true, result: { id: now.id, status: 'fulfilled' } } });
    expect(await orderRow(now.id as string)).toEqual({ status: 'fulfilled' });

    const later = await result(manager, 'create_order', { customer_name: 'Later Buyer', requested_states: 'ND' });
    expect(await result(manager, 'one_time_rule', { orderId: later.id, action: 'delete_order', run_at: '2030-01-01T09:00:00Z' }))
      .toMatchObject({ run: null, run_at: expect.stringMatching(/^2030-01-01T09:00:00/) });
    expect(await orderRow(later.id as string)).toEqual({ status: 'open' });
    expect(await failure(manager, 'one_time_rule', { orderId: later.id, action: 'recompute_scores' })).toMatchObject({ status: 400 });
    expect(await failure(callerViewer, 'one_time_rule', { orderId: later.id, action: 'fulfill_order' })).toMatchObject({ status: 403 });
  });
});

describe('one request, one transaction', () => {
  it('a dry run answers what would happen and leaves every table as it was', async () => {
    await stock('NH', 4);
    const [lead] = await stock('NM', 1);
    const standing = await result(manager, 'create_order', { customer_name: 'Standing', requested_states: 'NH' });
    const before = await rowCounts();
    const outcomes = await run(LOCAL_ADMIN, [
      { command: 'create_order', params: { customer_name: 'Dry', requested_states: 'AK,HI,VT,ME' } },
      { command: 'ingest_lead', params: { first_name: 'Dry', email: `dry-${randomUUID()}@example.com` } },
      { command: 'assign_lead', params: { leadId: lead, callerId } },
      { command: 'record_event', params: { event_id: `dry-${randomUUID()}`, lead_id: lead, type: 'purchase' } },
      { command: 'fulfill_order', params: { orderId: standing.id } },
      { command: 'recompute_scores', params: {} },
    ], { dryRun: true });
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true, true, true, true, true]);
    expect(outcomes[4]).toMatchObject({ result: { status: 'fulfilled' } });
    expect(await rowCounts()).toEqual(before);
    expect(await orderRow(standing.id as string)).toEqual({ status: 'open' });
    expect(await leadStatus(lead!)).toMatchObject({ assigned_caller_id: null });
  });

  it('stops at the first failure, keeping what ran before it', async () => {
    const ordersBefore = (await rowCounts()).orders!;
    const outcomes = await run(manager, [
      { command: 'create_order', params: { customer_name: 'Before the failure', requested_states: 'KS' } },
      { command: 'fulfill_order', params: { orderId: randomUUID() } },
      { command: 'create_order', params: { customer_name: 'Never run', requested_states: 'KS' } },
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false]);
    expect((await rowCounts()).orders).toBe(ordersBefore + 1);
    expect(await db.sql`select 1 from public.orders where customer_name = 'Never run'`).toHaveLength(0);
  });

  it('rolls everything back when a command fails with "retry" (a lock timeout), so a resend runs nothing twice', async () => {
    // A client of its own whose sessions give up on a lock after 200 ms; the order row is held.
    const timing = postgres(db.url, { max: 1, onnotice: () => {}, connection: { lock_timeout: 200 } });
    const holder = await db.sql.reserve();
    try {
      const [order] = await db.sql<{ id: string }[]>`
        insert into public.orders (customer_name, requested_states) values ('Held', '{KS}') returning id`;
      await holder`begin`;
      await holder`select 1 from public.orders where id = ${order!.id} for update`;
      const running = runCommands(timing, manager, [
        { command: 'create_order', params: { customer_name: 'Rolled back', requested_states: 'KS' } },
        { command: 'fulfill_order', params: { orderId: order!.id } },
      ], { continueOnError: true });
      await expect(running).rejects.toMatchObject({ code: '55P03' });
      expect(await db.sql`select 1 from public.orders where customer_name = 'Rolled back'`).toHaveLength(0);
    } finally {
      await holder`rollback`;
      holder.release();
      await timing.end();
    }
  });

  it('goes on after a failure with continueOnError', async () => {
    const outcomes = await run(manager, [
      { command: 'fulfill_order', params: { orderId: randomUUID() } },
      { command: 'get_stat', params: {} },
      { command: 'create_order', params: { customer_name: 'After the failures', requested_states: 'KS' } },
    ], { continueOnError: true });
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, false, true]);
    expect(await db.sql`select 1 from public.orders where customer_name = 'After the failures'`).toHaveLength(1);
  });
});

describe('as a caller (RLS and the functions\' role checks)', () => {
  it('cannot create, fulfill or re-score: 403', async () => {
    expect(await failure(callerViewer, 'create_order', { customer_name: 'Caller order', requested_states: 'WY' }))
      .toEqual({ status: 403, code: 'forbidden', message: 'only admins and managers can create orders' });
    expect(await failure(callerViewer, 'recompute_scores')).toMatchObject({ status: 403 });
    expect(await db.sql`select 1 from public.orders where customer_name = 'Caller order'`).toHaveLength(0);
  });

  it('reads only their own leads and no orders', async () => {
    const leads = await result<{ caller_name: string | null }[]>(callerViewer, 'get_leads', { limit: 500 });
    const n = (await db.sql<{ n: number }[]>`select count(*)::int as n from public.leads where assigned_caller_id = ${callerId}`)[0]!.n;
    expect(n).toBeGreaterThan(0);
    expect(leads).toHaveLength(n);
    expect(leads.every((lead) => lead.caller_name === 'Desk WY')).toBe(true);
    expect(await result(callerViewer, 'get_orders')).toEqual([]);
  });
});
