import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimited } from '@/lib/concurrency/map-limited';
import { ingestLead } from '@/lib/intake/ingest-lead';
import { normalizeLead } from '@/lib/intake/normalize/lead';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { routingHelpers } from './support';

const STATES = ['CA', 'TX', 'NY', 'NJ', 'FL', 'IL', 'OH', 'WA'];

async function storm(db: TestDatabase, count: number) {
  const [source] = await db.sql<{ id: string }[]>`
    insert into public.sources (name, secret_hash) values ('storm', repeat('e', 64)) returning id`;
  // 50 clients at once, each lead its own ingest transaction, routed inside it.
  const leads = Array.from({ length: count }, (_, i) => ({ first_name: `S${i}`, state: STATES[i % STATES.length] }));
  const results = await mapLimited(leads, 50, (fields, i) => {
    const { lead } = normalizeLead(fields);
    return ingestLead(db.sql, source!.id, { request_id: `storm-${i}`, idempotency_key: null, content_type: null, raw_body: '', payload: fields, headers: {} }, lead);
  });
  expect(results.every((r) => r.outcome === 'created')).toBe(true);
  return results;
}

async function invariants(db: TestDatabase, total: number) {
  // Every lead is accounted for: assigned exactly once, or in stock.
  const [totals] = await db.sql<{ leads: number; assigned: number; stock: number; assignment_rows: number; assigned_twice: number; untraced: number }[]>`
    select count(*)::int as leads,
           count(*) filter (where status = 'assigned')::int as assigned,
           count(*) filter (where status = 'new')::int as stock,
           (select count(*)::int from public.lead_assignments where caller_id is not null) as assignment_rows,
           (select count(*)::int from (select lead_id from public.lead_assignments where caller_id is not null
              group by lead_id having count(*) > 1) twice) as assigned_twice,
           count(*) filter (where status = 'assigned' and not exists (
             select from public.lead_assignments a where a.lead_id = leads.id and a.caller_id = leads.assigned_caller_id and a.ended_at is null))::int as untraced
    from public.leads`;
  expect(totals).toMatchObject({ leads: total, assigned_twice: 0, untraced: 0 });
  expect(totals!.assigned + totals!.stock).toBe(total);
  expect(totals!.assignment_rows).toBe(totals!.assigned);

  // No caller over its cap.
  const loads = await db.sql<{ name: string; cap: number; got: number; states: string[] }[]>`
    select c.name, c.daily_lead_limit as cap, c.assigned_states as states,
           (select count(*)::int from public.lead_assignments a where a.caller_id = c.id) as got
    from public.callers c order by c.name`;
  for (const load of loads) expect(load.got, load.name).toBeLessThanOrEqual(load.cap);
  return { ...totals!, loads };
}

describe('routing under concurrency: 50 clients, 1,000 leads, 8 callers', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ max: 60 });
  });
  afterAll(() => db.drop());

  it('fills small caps exactly, overflows to stock, and leaves no capacity unused', async () => {
    const h = routingHelpers(db.sql);
    await h.reset();
    for (const [name, states, cap] of [
      ['CA desk', ['CA'], 15], ['TX desk', ['TX'], 15], ['NY-NJ desk', ['NY', 'NJ'], 20], ['FL desk', ['FL'], 10],
      ['Pool 1', [], 40], ['Pool 2', [], 40], ['Pool 3', [], 40], ['Pool 4', [], 40],
    ] as const) await h.caller({ name, assigned_states: states, daily_lead_limit: cap });

    await storm(db, 1000);
    const { assigned, stock, loads } = await invariants(db, 1000);
    // Capacity 220 < 1,000 leads: every caller ends exactly at its cap, the rest is in stock.
    expect(loads.map((l) => [l.name, l.got])).toEqual(loads.map((l) => [l.name, l.cap]));
    expect(assigned).toBe(220);
    expect(stock).toBe(780);
    // Leads went to state desks first: a desk's leads are all of its states.
    const wrong = await db.sql`
      select count(*)::int as n from public.leads l join public.callers c on c.id = l.assigned_caller_id
      where cardinality(c.assigned_states) > 0 and not l.state = any (c.assigned_states)`;
    expect(wrong[0]!.n).toBe(0);
  });

  it('never leaves a lead in stock while an eligible caller has room, and keeps round robin within 1', async () => {
    const h = routingHelpers(db.sql);
    await h.reset();
    await db.sql`delete from public.sources where name = 'storm'`;
    for (const [name, states, cap] of [
      ['CA desk', ['CA'], 15], ['TX desk', ['TX'], 15], ['NY-NJ desk', ['NY', 'NJ'], 20], ['FL desk', ['FL'], 10],
      ['Pool 1', [], 300], ['Pool 2', [], 300], ['Pool 3', [], 300], ['Pool 4', [], 300],
    ] as const) await h.caller({ name, assigned_states: states, daily_lead_limit: cap });

    await storm(db, 1000);
    const { stock, loads } = await invariants(db, 1000);
    // The pool has room for everything: nothing may be left in stock (skip-locked routing fails here).
    expect(stock).toBe(0);
    const desks = loads.filter((l) => l.states.length > 0);
    for (const desk of desks) expect(desk.got, desk.name).toBe(desk.cap);
    const pool = loads.filter((l) => l.states.length === 0).map((l) => l.got);
    expect(Math.max(...pool) - Math.min(...pool)).toBeLessThanOrEqual(1);
    expect(pool.reduce((a, b) => a + b, 0)).toBe(1000 - 60);
  });
});
