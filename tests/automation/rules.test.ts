import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withViewer } from '@/lib/db/with-viewer';
import { createMember } from '../support/members';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { routingHelpers, type RoutingHelpers } from '../routing/support';

let db: TestDatabase;
let h: RoutingHelpers;
beforeAll(async () => {
  db = await createTestDatabase();
  h = routingHelpers(db.sql);
});
beforeEach(async () => {
  await db.sql`delete from public.automation_rules`;
  await h.reset();
});
afterAll(() => db.drop());

interface Summary {
  ran: number;
  runs: { rule_id: string; window_start: string; ok: boolean; result: unknown; error: string | null }[];
}

/** A rule as the Automation page would store it; created long before the ticks below. */
async function rule(fields: Record<string, unknown>): Promise<string> {
  const row = { name: 'rule', trigger_kind: 'schedule', params: {}, created_at: '2026-01-01T00:00:00Z', ...fields };
  const [created] = await db.sql<{ id: string }[]>`insert into public.automation_rules ${db.sql(row as never)} returning id`;
  return created!.id;
}

async function tick(now: string, sql = db.sql): Promise<Summary> {
  const [row] = await sql`select public.run_due_automations(${now}) as r`;
  return row!.r as Summary;
}

async function runsOf(ruleId: string) {
  return db.sql<{ window_start: Date; ok: boolean; result: Record<string, unknown> | null; error: string | null }[]>`
    select window_start, ok, result, error from public.automation_runs where rule_id = ${ruleId} order by window_start`;
}

describe('run_due_automations', () => {
  it('runs a once rule once, at its time', async () => {
    const [order] = await db.sql<{ r: { id: string } }[]>`select public.create_order('Acme', null, '{CA}') as r`;
    const id = await rule({ trigger_kind: 'once', run_at: '2026-06-01T12:00:00Z', action: 'fulfill_order', params: { orderId: order!.r.id } });
    expect((await tick('2026-06-01T11:59:00Z')).ran).toBe(0);
    expect((await tick('2026-06-01T12:00:00Z')).ran).toBe(1);
    expect((await tick('2026-06-01T12:05:00Z')).ran).toBe(0);
    expect(await runsOf(id)).toEqual([expect.objectContaining({ ok: true, window_start: new Date('2026-06-01T12:00:00Z') })]);
    const [stored] = await db.sql`select status from public.orders where id = ${order!.r.id}`;
    expect(stored!.status).toBe('fulfilled');
  });

  it('runs a schedule once per window, and again in the next', async () => {
    const id = await rule({ every_minutes: 15, action: 'recompute_scores' });
    expect((await tick('2026-06-01T12:01:00Z')).ran).toBe(1);
    expect((await tick('2026-06-01T12:14:59Z')).ran).toBe(0);
    expect((await tick('2026-06-01T12:15:00Z')).ran).toBe(1);
    expect((await runsOf(id)).map((r) => r.window_start.toISOString())).toEqual(['2026-06-01T12:00:00.000Z', '2026-06-01T12:15:00.000Z']);
  });

  it('runs each due rule once per window when two tickers fire at the same moment', async () => {
    const ids = [
      await rule({ every_minutes: 5, action: 'recompute_scores' }),
      await rule({ every_minutes: 5, action: 'reassign_stale_leads', params: { minutes: 120 } }),
      await rule({ every_minutes: 10, action: 'recompute_scores' }),
    ];
    const tickers = [postgres(db.url, { max: 1, onnotice: () => {} }), postgres(db.url, { max: 1, onnotice: () => {} })];
    try {
      for (let round = 0; round < 20; round += 1) {
        const now = new Date(Date.parse('2026-06-01T12:00:00Z') + round * 5 * 60_000).toISOString();
        const summaries = await Promise.all(tickers.map((sql) => tick(now, sql)));
        // Rules every 5 minutes are due each round; the 10-minute one every other round.
        expect(summaries[0]!.ran + summaries[1]!.ran).toBe(round % 2 === 0 ? 3 : 2);
      }
    } finally {
      await Promise.all(tickers.map((sql) => sql.end()));
    }
    const counts = await db.sql<{ rule_id: string; runs: number; windows: number }[]>`
      select rule_id, count(*)::int as runs, count(distinct window_start)::int as windows
      from public.automation_runs group by rule_id`;
    expect(Object.fromEntries(counts.map((c) => [c.rule_id, [c.runs, c.windows]]))).toEqual({
      [ids[0]!]: [20, 20], [ids[1]!]: [20, 20], [ids[2]!]: [10, 10],
    });
  });

  it.each([
    ['spring forward (23 hours)', '2026-03-08', '2026-03-08T05:00:00Z', 23, '2026-03-08T13:00:00.000Z'],
    ['fall back (25 hours)', '2026-11-01', '2026-11-01T04:00:00Z', 25, '2026-11-01T14:00:00.000Z'],
  ])('runs a daily 09:00 rule once on the %s day, at 09:00 New York', async (_day, _date, localMidnight, hours, nineAm) => {
    const id = await rule({ daily_at: '09:00', action: 'recompute_scores' });
    const ranAt: string[] = [];
    // Every 10 minutes from local midnight to the next.
    for (let minute = 0; minute < hours * 60; minute += 10) {
      const now = new Date(Date.parse(localMidnight) + minute * 60_000).toISOString();
      if ((await tick(now)).ran > 0) ranAt.push(now);
    }
    expect(ranAt).toEqual([nineAm]);
    expect((await runsOf(id)).map((r) => r.window_start.toISOString())).toEqual([nineAm]);
  });

  it('records a failing action with its error and still runs the other rules', async () => {
    const failing = await rule({ trigger_kind: 'once', run_at: '2026-06-01T12:00:00Z', action: 'fulfill_order', params: { orderId: '00000000-0000-4000-8000-000000000000' } });
    const fine = await rule({ every_minutes: 5, action: 'recompute_scores' });
    const summary = await tick('2026-06-01T12:00:00Z');
    expect(summary.ran).toBe(2);
    expect(await runsOf(failing)).toEqual([expect.objectContaining({ ok: false, result: null, error: expect.stringMatching(/^PT404: order .* not found/) })]);
    expect(await runsOf(fine)).toEqual([expect.objectContaining({ ok: true, error: null })]);
  });
});

describe('reassign_stale_leads', () => {
  const stale = (leadId: string, minutes: number) =>
    db.sql`update public.leads set status_changed_at = now() - make_interval(mins => ${minutes}) where id = ${leadId}`;
  const leadRow = async (leadId: string) => {
    const [row] = await db.sql<{ status: string; assigned_caller_id: string | null }[]>`
      select status, assigned_caller_id from public.leads where id = ${leadId}`;
    return row!;
  };

  it('sends exactly the stale leads back through routing, never to the caller who let them sit', async () => {
    const a = await h.caller({ name: 'A' });
    const b = await h.caller({ name: 'B' });
    const leads = { staleOfA: await h.lead(), staleOfB: await h.lead(), freshOfA: await h.lead(), contactedOfB: await h.lead() };
    await db.sql`update public.callers set last_assigned_at = null`;
    await db.sql`select public.assign_lead_manual(${leads.staleOfA}, ${a}), public.assign_lead_manual(${leads.freshOfA}, ${a}),
                        public.assign_lead_manual(${leads.staleOfB}, ${b}), public.assign_lead_manual(${leads.contactedOfB}, ${b})`;
    await db.sql`select public.update_lead_status(${leads.contactedOfB}, 'contacted')`;
    await stale(leads.staleOfA, 121);
    await stale(leads.staleOfB, 300);
    await stale(leads.contactedOfB, 200);
    await stale(leads.freshOfA, 119);
    const id = await rule({ every_minutes: 15, action: 'reassign_stale_leads', params: { minutes: 120 } });

    await tick(new Date().toISOString());

    expect((await runsOf(id))[0]).toMatchObject({ ok: true, result: { reassigned: 3, to_stock: 0 } });
    expect(await leadRow(leads.staleOfA)).toEqual({ status: 'assigned', assigned_caller_id: b });
    expect(await leadRow(leads.staleOfB)).toEqual({ status: 'assigned', assigned_caller_id: a });
    expect(await leadRow(leads.contactedOfB)).toEqual({ status: 'assigned', assigned_caller_id: a });
    expect(await leadRow(leads.freshOfA)).toEqual({ status: 'assigned', assigned_caller_id: a });
    const current = await db.sql<{ reason: string }[]>`
      select reason from public.lead_assignments where ended_at is null and lead_id in ${db.sql([leads.staleOfA, leads.staleOfB, leads.contactedOfB])}`;
    expect(current.map((r) => r.reason)).toEqual(['reassigned_stale', 'reassigned_stale', 'reassigned_stale']);
  });

  it('leaves a stale lead in stock when its own caller is the only one who could take it', async () => {
    const only = await h.caller({ name: 'Only' });
    const lead = await h.lead();
    await db.sql`select public.assign_lead_manual(${lead}, ${only})`;
    await stale(lead, 180);
    const [row] = await db.sql`select private.reassign_stale_leads(120) as r`;
    expect(row!.r).toEqual({ reassigned: 0, to_stock: 1 });
    expect(await leadRow(lead)).toEqual({ status: 'new', assigned_caller_id: null });
  });
});

describe('one_time_rule', () => {
  const newOrder = async () =>
    (await db.sql<{ r: { id: string } }[]>`select public.create_order('Acme', null, '{CA}') as r`)[0]!.r.id;
  const orderStatus = async (id: string) => (await db.sql`select status from public.orders where id = ${id}`)[0]!.status as string;

  it('runs the order action now when no time is given, as a window a later tick skips', async () => {
    const manager = await createMember(db.sql, 'manager');
    const order = await newOrder();
    const answer = await withViewer(db.sql, manager, async (tx) =>
      (await tx`select public.one_time_rule(${order}, 'fulfill_order') as r`)[0]!.r as { rule_id: string; run: { ok: boolean } });
    expect(answer.run).toMatchObject({ ok: true, result: { id: order, status: 'fulfilled' } });
    expect(await orderStatus(order)).toBe('fulfilled');
    expect((await tick(new Date(Date.now() + 60_000).toISOString())).ran).toBe(0);
    expect(await runsOf(answer.rule_id)).toHaveLength(1);
  });

  it('waits for run_at when given, and the tick at that time runs it', async () => {
    const order = await newOrder();
    const [row] = await db.sql`select public.one_time_rule(${order}, 'delete_order', '2030-01-01T09:00:00Z') as r`;
    expect(row!.r).toMatchObject({ run: null, run_at: expect.stringMatching(/^2030-01-01T09:00:00/) });
    expect(await orderStatus(order)).toBe('open');
    expect((await tick('2030-01-01T08:59:00Z')).ran).toBe(0);
    expect((await tick('2030-01-01T09:00:00Z')).ran).toBe(1);
    expect(await orderStatus(order)).toBe('deleted');
  });

  it('refuses another action, an unknown order, and a caller', async () => {
    const order = await newOrder();
    await expect(db.sql`select public.one_time_rule(${order}, 'recompute_scores')`).rejects.toMatchObject({ code: 'PT422' });
    await expect(db.sql`select public.one_time_rule('00000000-0000-4000-8000-000000000000', 'fulfill_order')`).rejects.toMatchObject({ code: 'PT404' });
    const caller = await createMember(db.sql, 'caller', { callerId: await h.caller({ name: 'Caller' }) });
    await expect(withViewer(db.sql, caller, (tx) => tx`select public.one_time_rule(${order}, 'fulfill_order')`)).rejects.toMatchObject({ code: 'PT403' });
    expect(await db.sql`select id from public.automation_rules`).toHaveLength(0);
    expect(await orderStatus(order)).toBe('open');
  });
});

describe('who may see and change rules', () => {
  it('lets staff read rules and runs, and a caller neither read nor write them', async () => {
    const id = await rule({ every_minutes: 15, action: 'recompute_scores' });
    await tick('2026-06-01T12:00:00Z');
    const manager = await createMember(db.sql, 'manager');
    const caller = await createMember(db.sql, 'caller', { callerId: await h.caller({ name: 'Caller' }) });

    expect(await withViewer(db.sql, manager, async (tx) => [
      (await tx`select id from public.automation_rules`).length, (await tx`select id from public.automation_runs`).length,
    ])).toEqual([1, 1]);
    expect(await withViewer(db.sql, caller, async (tx) => [
      (await tx`select id from public.automation_rules`).length, (await tx`select id from public.automation_runs`).length,
    ])).toEqual([0, 0]);
    for (const write of [
      `insert into public.automation_rules (name, trigger_kind, every_minutes, action, created_by) values ('by caller', 'schedule', 30, 'recompute_scores', 'caller')`,
      `update public.automation_rules set enabled = false`,
      `delete from public.automation_rules`,
    ]) {
      await expect(withViewer(db.sql, caller, (tx) => tx.unsafe(write)), write).rejects.toThrow(/permission denied|row-level security/);
    }
    await expect(withViewer(db.sql, caller, (tx) => tx`select public.run_due_automations()`)).rejects.toThrow(/only admins/);
    await expect(withViewer(db.sql, caller, (tx) => tx`select public.reassign_stale_leads(120)`)).rejects.toMatchObject({ code: 'PT403' });
    expect(await withViewer(db.sql, manager, async (tx) => (await tx`select public.reassign_stale_leads(120) as r`)[0]!.r))
      .toEqual({ reassigned: 0, to_stock: 0 });
    const [stored] = await db.sql`select enabled from public.automation_rules where id = ${id}`;
    expect(stored!.enabled).toBe(true);
  });
});
