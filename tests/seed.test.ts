import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FILE } from '@/scripts/lib/paths';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const TZ = 'America/New_York';
const ROUTED = ['state_match', 'global_pool', 'overflow_fewest_today'];

/** Everything the demo writes, summed up: a second load must leave all of it as it was. */
async function fingerprint(db: TestDatabase) {
  const [row] = await db.sql`
    select (select count(*)::int from public.callers) as callers,
           (select count(*)::int from public.sources) as sources,
           (select count(*)::int from public.leads) as leads,
           (select coalesce(sum(score), 0)::int from public.leads) as score_sum,
           (select max(updated_at) from public.leads) as leads_updated,
           (select count(*)::int from public.lead_intake) as intake,
           (select count(*)::int from public.lead_assignments) as assignments,
           (select count(*)::int from public.lead_status_history) as status_changes,
           (select count(*)::int from public.lead_events) as events,
           (select count(*)::int from public.lead_score_history) as score_changes,
           (select count(*)::int from public.orders) as orders,
           (select count(*)::int from public.order_leads) as order_leads,
           (select count(*)::int from public.state_caps) as state_caps,
           (select count(*)::int from public.business_lines) as business_lines`;
  return row!;
}

describe('demo data (supabase/seed.sql)', () => {
  let db: TestDatabase;
  let seed: string;
  /** The load's now(): "today" and "the last 30 days" are counted from it, even if a test runs after midnight. */
  let loadedAt: Date;
  beforeAll(async () => {
    db = await createTestDatabase();
    seed = await readFile(SEED_FILE, 'utf8');
    // As the local runner loads it: one transaction, one simple query.
    await db.sql.begin((tx) => tx.unsafe(seed).simple());
    // Every demo lead is updated while loading, so its updated_at is that transaction's now().
    const [row] = await db.sql<{ at: Date }[]>`select max(updated_at) as at from public.leads`;
    loadedAt = row!.at;
  });
  afterAll(() => db.drop());

  it('loads about 2,000 leads, each with its intake request and lead_created event', async () => {
    const [row] = await db.sql`
      select (select count(*)::int from public.leads) as leads,
             (select count(*)::int from public.lead_intake where outcome = 'created') as created,
             (select count(*)::int from public.leads l where not exists (
                select from public.lead_intake i where i.id = l.intake_id and i.lead_id = l.id and i.outcome = 'created')) as without_intake,
             (select count(*)::int from public.leads l where not exists (
                select from public.lead_events e where e.lead_id = l.id and e.type = 'lead_created' and e.occurred_at = l.created_at)) as without_created_event,
             (select count(*)::int from public.lead_intake i join public.leads l on l.id = i.lead_id
               where i.outcome = 'created' and i.received_at <> l.created_at) as received_elsewhen,
             (select count(distinct source_id)::int from public.leads) as sources,
             (select count(distinct business_line)::int from public.leads) as lines,
             (select count(*)::int from public.business_lines) as business_lines`;
    expect(row!.leads).toBeGreaterThanOrEqual(1800);
    expect(row!.leads).toBeLessThanOrEqual(2200);
    expect(row).toMatchObject({ created: row!.leads, without_intake: 0, without_created_event: 0, received_elsewhen: 0, lines: 4, business_lines: 4 });
    // Two webhook sources, the dashboard form and the CSV import.
    expect(row!.sources).toBe(4);
  });

  it('spreads leads over the last 30 days, weekdays busier than weekends, CA/TX/FL/NY heaviest', async () => {
    const [spread] = await db.sql`
      select min(created_at) >= (date_trunc('day', ${loadedAt}::timestamptz at time zone ${TZ}) - interval '29 days') at time zone ${TZ} as recent,
             max(created_at) <= ${loadedAt} as past,
             count(distinct (created_at at time zone ${TZ})::date)::int as days,
             count(distinct state)::int as states
      from public.leads`;
    expect(spread).toMatchObject({ recent: true, past: true });
    expect(spread!.days).toBeGreaterThanOrEqual(29);
    expect(spread!.states).toBeGreaterThan(25);

    const perDay = await db.sql<{ day: string; n: number; weekend: boolean }[]>`
      select (created_at at time zone ${TZ})::date::text as day, count(*)::int as n,
             extract(isodow from (created_at at time zone ${TZ})::date) >= 6 as weekend
      from public.leads where created_at < (date_trunc('day', ${loadedAt}::timestamptz at time zone ${TZ}) at time zone ${TZ})
      group by 1, 3`;
    expect(perDay.length).toBe(29);
    expect(Math.min(...perDay.map((d) => d.n))).toBeGreaterThanOrEqual(15);
    const mean = (rows: { n: number }[]) => rows.reduce((sum, d) => sum + d.n, 0) / rows.length;
    expect(mean(perDay.filter((d) => !d.weekend))).toBeGreaterThan(1.3 * mean(perDay.filter((d) => d.weekend)));

    const top = await db.sql<{ state: string }[]>`
      select state from public.leads where state is not null group by state order by count(*) desc limit 4`;
    expect(top.map((r) => r.state).sort()).toEqual(['CA', 'FL', 'NY', 'TX']);
  });

  it('keeps duplicates, rejected and failed requests on the Intake page, one of each repaired', async () => {
    const outcomes = await db.sql<{ outcome: string; reason: string | null; n: number }[]>`
      select outcome, duplicate_reason as reason, count(*)::int as n from public.lead_intake group by 1, 2`;
    const count = (outcome: string, reason: string | null = null) =>
      outcomes.find((o) => o.outcome === outcome && o.reason === reason)?.n ?? 0;
    for (const reason of ['phone_window', 'email_window', 'idempotency_key', 'document_number']) {
      expect(count('duplicate', reason), reason).toBeGreaterThanOrEqual(3);
    }
    expect(count('rejected')).toBeGreaterThanOrEqual(10);
    expect(count('failed')).toBeGreaterThanOrEqual(3);

    const [row] = await db.sql`
      select (select count(*)::int from public.lead_intake where outcome = 'rejected'
               and (error is null or payload is distinct from 'null'::jsonb or lead_id is not null)) as bad_rejected,
             (select count(*)::int from public.lead_intake where outcome = 'failed'
               and (error is null or error not like '23514:%' or raw_body = '' or lead_id is not null)) as bad_failed,
             (select count(*)::int from public.lead_intake d join public.leads l on l.id = d.lead_id
               where d.outcome = 'duplicate' and d.duplicate_reason in ('phone_window', 'email_window')
                 and not (d.received_at between l.created_at and l.created_at + private.setting_number('dedupe_window_hours', 24) * interval '1 hour')) as outside_window,
             (select count(*)::int from public.lead_intake r join public.lead_intake o on o.id = r.replay_of
               where r.outcome = 'created' and o.outcome in ('rejected', 'failed') and r.received_at > o.received_at) as replayed,
             (select count(*)::int from public.lead_intake where outcome in ('rejected', 'failed')
               and id not in (select replay_of from public.lead_intake where replay_of is not null)) as open_for_repair`;
    expect(row).toMatchObject({ bad_rejected: 0, bad_failed: 0, outside_window: 0, replayed: 2 });
    expect(row!.open_for_repair).toBeGreaterThanOrEqual(10);
  });

  it('routes every lead once, by the rules, as of the moment it arrived', async () => {
    const [row] = await db.sql`
      select (select count(*)::int from public.leads l
               where (select count(*) from public.lead_assignments a
                      where a.lead_id = l.id and a.reason in ('state_match', 'global_pool', 'overflow_fewest_today', 'stock')) <> 1) as not_routed_once,
             (select count(*)::int from public.lead_assignments a join public.leads l on l.id = a.lead_id
               where a.reason <> 'manual' and not (a.assigned_at between l.created_at and l.created_at + interval '1 second')) as not_on_arrival,
             (select count(*)::int from public.lead_assignments a
               where a.reason <> 'manual' and jsonb_array_length(a.candidates) <> (select count(*) from public.callers)) as without_candidates,
             (select count(*)::int from public.leads l
               where l.assigned_caller_id is not null and not exists (
                 select from public.lead_assignments a where a.lead_id = l.id and a.caller_id = l.assigned_caller_id and a.ended_at is null)) as unlinked,
             (select count(*)::int from public.leads where status = 'new') as in_stock,
             (select count(*)::int from public.leads) as leads,
             (select count(*)::int from public.lead_assignments where reason = 'manual') as handed_over`;
    expect(row).toMatchObject({ not_routed_once: 0, not_on_arrival: 0, without_candidates: 0, unlinked: 0 });
    expect(row!.in_stock / row!.leads).toBeGreaterThan(0.2);
    expect(row!.in_stock / row!.leads).toBeLessThan(0.6);
    expect(row!.handed_over).toBeGreaterThan(0);

    const reasons = await db.sql<{ code: string }[]>`
      select distinct c ->> 'ruled_out_code' as code
      from public.lead_assignments a, jsonb_array_elements(a.candidates) c where c ->> 'ruled_out_code' is not null`;
    expect(reasons.map((r) => r.code).sort()).toEqual(
      expect.arrayContaining(['away', 'daily_cap', 'hourly_cap', 'inactive', 'open_cap', 'other_states', 'outside_hours', 'wrong_line']));
  });

  it('never routes past a caller\'s daily or hourly cap, outside their hours, or while away or inactive', async () => {
    const [row] = await db.sql`
      with routed as (
        select a.*, c.daily_lead_limit, c.hourly_lead_limit, c.working_hours, (a.assigned_at at time zone ${TZ}) as local
        from public.lead_assignments a join public.callers c on c.id = a.caller_id
        where a.reason = any (${ROUTED})
      )
      select
        (select count(*)::int from (select caller_id, local::date from routed group by 1, 2, daily_lead_limit
           having count(*) > daily_lead_limit) x) as over_daily,
        (select count(*)::int from (select caller_id, local::date from routed group by 1, 2, daily_lead_limit
           having count(*) = daily_lead_limit) x) as at_daily,
        (select count(*)::int from routed r where r.hourly_lead_limit is not null and (
           select count(*) from routed b where b.caller_id = r.caller_id
             and b.assigned_at > r.assigned_at - interval '1 hour' and b.assigned_at <= r.assigned_at) > r.hourly_lead_limit) as over_hourly,
        (select count(*)::int from routed r where r.working_hours is not null and not exists (
           select from jsonb_array_elements(coalesce(r.working_hours -> lower(to_char(r.local, 'dy')), '[]')) span
           where r.local::time >= (span ->> 0)::time and r.local::time < (span ->> 1)::time)) as outside_hours,
        (select count(*)::int from routed r where r.working_hours is not null) as with_hours`;
    expect(row).toMatchObject({ over_daily: 0, over_hourly: 0, outside_hours: 0 });
    expect(row!.at_daily).toBeGreaterThan(10);
    expect(row!.with_hours).toBeGreaterThan(50);

    // One caller is away since yesterday, one left the team eight days ago.
    const [away] = await db.sql`
      select count(*) filter (where a.assigned_at >= (date_trunc('day', ${loadedAt}::timestamptz at time zone ${TZ}) - interval '1 day') at time zone ${TZ})::int as since,
             count(*)::int as before
      from public.callers c left join public.lead_assignments a on a.caller_id = c.id and a.reason = any (${ROUTED})
      where c.away_until > ${loadedAt}`;
    expect(away!.since).toBe(0);
    expect(away!.before).toBeGreaterThan(0);
    const [inactive] = await db.sql`
      select count(*) filter (where a.assigned_at >= ${loadedAt}::timestamptz - interval '7 days')::int as since, count(*)::int as before
      from public.callers c join public.lead_assignments a on a.caller_id = c.id and a.reason = any (${ROUTED})
      where not c.active`;
    expect(inactive!.since).toBe(0);
    expect(inactive!.before).toBeGreaterThan(0);
  });

  it('has callers working their leads: contacted, qualified, won and lost, in order, by the caller', async () => {
    const statuses = Object.fromEntries((await db.sql<{ status: string; n: number }[]>`
      select status, count(*)::int as n from public.leads group by 1`).map((r) => [r.status, r.n]));
    for (const status of ['assigned', 'contacted', 'qualified', 'won', 'lost', 'new', 'sold', 'reserved']) {
      expect(statuses[status] ?? 0, status).toBeGreaterThanOrEqual(10);
    }
    expect(statuses.won).toBeGreaterThanOrEqual(100);
    expect(statuses.lost).toBeGreaterThanOrEqual(100);

    const [row] = await db.sql`
      select (select count(*)::int from public.lead_status_history) as changes,
             (select count(*)::int from public.lead_status_history h where h.actor not in (select email from public.callers)) as not_by_a_caller,
             (select count(*)::int from public.lead_status_history h join public.leads l on l.id = h.lead_id
               where h.changed_at < l.created_at or h.changed_at > ${loadedAt}) as out_of_time,
             (select count(*)::int from (select changed_at < lag(changed_at) over (partition by lead_id order by id) as back
               from public.lead_status_history) x where back) as out_of_order,
             (select count(*)::int from public.leads l where l.status_changed_at < l.created_at or l.status_changed_at > ${loadedAt}
               or (l.status in ('contacted', 'qualified', 'won', 'lost')
                   and l.status_changed_at <> (select max(h.changed_at) from public.lead_status_history h where h.lead_id = l.id))) as wrong_status_time`;
    expect(row).toMatchObject({ not_by_a_caller: 0, out_of_time: 0, out_of_order: 0, wrong_status_time: 0 });
    expect(row!.changes).toBeGreaterThan(1000);
  });

  it('scores leads from their events as lead_scores computes, with a long tail and a history', async () => {
    const [row] = await db.sql`
      with ids as (select array_agg(id) as ids from public.leads)
      select (select count(*)::int from public.leads l join public.lead_scores((select ids from ids)) s on s.lead_id = l.id
               where s.score <> l.score) as wrong,
             (select count(distinct score)::int from public.leads) as distinct_scores,
             (select count(*)::int from public.leads where score = 0) as zero,
             (select count(*)::int from public.leads where score >= 100) as high,
             (select count(*)::int from public.leads where score < 0) as negative,
             (select count(*)::int from public.leads) as leads,
             (select count(distinct type)::int from public.lead_events) as types,
             (select count(*)::int from public.lead_score_history) as changes,
             (select count(*)::int from public.lead_score_history h join public.lead_events e on e.event_id = h.event_id
               where h.changed_at <> e.occurred_at) as changed_elsewhen,
             (select count(*)::int from public.lead_events e join public.leads l on l.id = e.lead_id
               where e.occurred_at < l.created_at or e.occurred_at > ${loadedAt} or e.received_at <> e.occurred_at) as out_of_time,
             (select count(*)::int from public.leads l where l.score <> coalesce(
               (select h.score_after from public.lead_score_history h where h.lead_id = l.id order by h.id desc limit 1), 0)) as history_disagrees`;
    expect(row).toMatchObject({ wrong: 0, changed_elsewhen: 0, out_of_time: 0, history_disagrees: 0 });
    expect(row!.distinct_scores).toBeGreaterThanOrEqual(25);
    expect(row!.types).toBeGreaterThanOrEqual(8);
    expect(row!.changes).toBeGreaterThanOrEqual(1500);
    expect(row!.zero / row!.leads).toBeLessThan(0.5);
    expect(row!.high).toBeGreaterThanOrEqual(50);
    expect(row!.high / row!.leads).toBeLessThan(0.25);
    expect(row!.negative).toBeGreaterThan(0);
  });

  it('has fulfilled, open and deleted orders, and returns, consistent with their leads', async () => {
    const orders = await db.sql<{ status: string; active: number; returned: number; sold: number; reserved: number }[]>`
      select o.status,
             count(ol.lead_id) filter (where ol.released_at is null)::int as active,
             count(ol.lead_id) filter (where ol.release_kind = 'returned')::int as returned,
             count(ol.lead_id) filter (where ol.released_at is null and l.status = 'sold')::int as sold,
             count(ol.lead_id) filter (where ol.released_at is null and l.status = 'reserved')::int as reserved
      from public.orders o left join public.order_leads ol on ol.order_id = o.id left join public.leads l on l.id = ol.lead_id
      group by o.id`;
    const of = (status: string) => orders.filter((o) => o.status === status);
    expect(of('fulfilled').length).toBeGreaterThanOrEqual(2);
    expect(of('open').length).toBeGreaterThanOrEqual(1);
    expect(of('deleted').length).toBeGreaterThanOrEqual(1);
    for (const o of of('fulfilled')) expect(o).toMatchObject({ sold: o.active, reserved: 0 });
    for (const o of of('open')) expect(o).toMatchObject({ reserved: o.active, sold: 0 });
    for (const o of of('deleted')) expect(o.active).toBe(0);
    expect(of('fulfilled').reduce((sum, o) => sum + o.active, 0)).toBeGreaterThanOrEqual(30);
    expect(of('open')[0]!.active).toBeGreaterThan(0);
    expect(orders.reduce((sum, o) => sum + o.returned, 0)).toBeGreaterThanOrEqual(3);

    const [row] = await db.sql`
      select (select count(*)::int from public.leads l where l.status in ('sold', 'reserved')
               and (select count(*) from public.order_leads ol where ol.lead_id = l.id and ol.released_at is null) <> 1) as unowned,
             (select count(*)::int from public.order_leads ol join public.leads l on l.id = ol.lead_id join public.orders o on o.id = ol.order_id
               where ol.allocated_at < l.created_at or ol.allocated_at < o.created_at or ol.allocated_at > ${loadedAt}
                  or ol.released_at < ol.allocated_at or o.fulfilled_at < o.created_at or o.deleted_at < o.created_at) as out_of_time,
             (select count(*)::int from public.order_leads ol join public.orders o on o.id = ol.order_id
               where ol.release_kind = 'returned' and not (ol.released_at between o.fulfilled_at and o.fulfilled_at + private.setting_number('return_window_days', 7) * interval '1 day')) as late_returns,
             (select count(*)::int from public.order_leads ol join public.orders o on o.id = ol.order_id
               where o.status = 'deleted' and ol.release_kind is distinct from 'order_deleted') as deleted_kept`;
    expect(row).toMatchObject({ unowned: 0, out_of_time: 0, late_returns: 0, deleted_kept: 0 });
  });

  it('is idempotent: loading it again changes nothing', async () => {
    const before = await fingerprint(db);
    await db.sql.begin((tx) => tx.unsafe(seed).simple());
    expect(await fingerprint(db)).toEqual(before);
  });

  it('leaves a database with callers or leads of its own alone', async () => {
    const other = await createTestDatabase();
    try {
      await other.sql`insert into public.callers (name) values ('Someone real')`;
      await other.sql.begin((tx) => tx.unsafe(seed).simple());
      expect(await fingerprint(other)).toMatchObject({ callers: 1, leads: 0, intake: 0, orders: 0 });
      expect(await other.sql`select 1 from public.sources where name = 'demo'`).toHaveLength(0);
    } finally {
      await other.drop();
    }
  });
});
