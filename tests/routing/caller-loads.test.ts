import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Midnight in New York (05:00 UTC in winter), on a quarter hour like every midnight.
const BASE = Date.parse('2026-11-20T05:00:00Z');
const MINUTE = 60_000;

/** Times around BASE: on quarter hours, a millisecond either side of one, or anywhere in three days. */
const instant = fc.oneof(
  fc.integer({ min: -24 * 4, max: 48 * 4 }).map((q) => BASE + q * 15 * MINUTE),
  fc.tuple(fc.integer({ min: -24 * 4, max: 48 * 4 }), fc.constantFrom(-1, 1)).map(([q, side]) => BASE + q * 15 * MINUTE + side),
  fc.integer({ min: -24 * 60, max: 48 * 60 }).map((m) => BASE + m * MINUTE + 123),
);
const iso = (ms: number) => new Date(ms).toISOString();

const scenario = fc.record({
  assignments: fc.array(fc.record({ caller: fc.integer({ min: 0, max: 2 }), at: instant, stock: fc.boolean() }), { maxLength: 60 }),
  moved: fc.array(fc.record({ index: fc.nat(), caller: fc.integer({ min: 0, max: 2 }), at: instant }), { maxLength: 8 }),
  deleted: fc.array(fc.nat(), { maxLength: 8 }),
  leads: fc.array(fc.record({ caller: fc.option(fc.integer({ min: 0, max: 2 })), status: fc.constantFrom('new', 'assigned', 'contacted', 'won', 'lost') }), { maxLength: 30 }),
  changes: fc.array(fc.record({ index: fc.nat(), caller: fc.option(fc.integer({ min: 0, max: 2 })), status: fc.constantFrom('assigned', 'contacted', 'qualified', 'lost') }), { maxLength: 10 }),
  dropped: fc.array(fc.nat(), { maxLength: 5 }),
  moments: fc.array(instant, { minLength: 1, maxLength: 6 }),
});

describe('caller_loads', () => {
  let db: TestDatabase;
  let callers: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    callers = [];
    for (const name of ['A', 'B', 'C']) {
      const [row] = await db.sql<{ id: string }[]>`insert into public.callers (name) values (${name}) returning id`;
      callers.push(row!.id);
    }
  });
  afterAll(() => db.drop());

  it('counts exactly what counting the rows counts, at any moment, after inserts, moves, deletes and truncates', async () => {
    await fc.assert(fc.asyncProperty(scenario, async (s) => {
      // Truncate, as a reset does: the counts must empty with the rows.
      await db.sql`truncate public.lead_assignments, public.lead_status_history, public.leads cascade`;
      const [holder] = await db.sql<{ id: string }[]>`insert into public.leads (first_name, status) values ('holder', 'lost') returning id`;
      const ids: string[] = [];
      if (s.assignments.length > 0) {
        // Ended, so that one lead can hold them all; ended assignments count like current ones.
        const rows = s.assignments.map((a) => ({
          lead_id: holder!.id, caller_id: a.stock ? null : callers[a.caller]!, reason: a.stock ? 'stock' : 'manual', assigned_at: iso(a.at), ended_at: iso(a.at),
        }));
        ids.push(...(await db.sql<{ id: string }[]>`insert into public.lead_assignments ${db.sql(rows)} returning id`).map((r) => r.id));
      }
      for (const move of s.moved) {
        if (ids.length === 0) break;
        await db.sql`update public.lead_assignments set caller_id = ${callers[move.caller]!}, assigned_at = ${iso(move.at)} where id = ${ids[move.index % ids.length]!}`;
      }
      if (ids.length > 0) await db.sql`delete from public.lead_assignments where id = any (${s.deleted.map((i) => ids[i % ids.length]!)}::uuid[])`;
      const leadIds: string[] = [];
      for (const lead of s.leads) {
        const [row] = await db.sql<{ id: string }[]>`
          insert into public.leads (first_name, status, assigned_caller_id) values ('l', ${lead.status}, ${lead.caller === null ? null : callers[lead.caller]!}) returning id`;
        leadIds.push(row!.id);
      }
      for (const change of s.changes) {
        if (leadIds.length === 0) break;
        await db.sql`update public.leads set status = ${change.status}, assigned_caller_id = ${change.caller === null ? null : callers[change.caller]!} where id = ${leadIds[change.index % leadIds.length]!}`;
      }
      if (leadIds.length > 0) await db.sql`delete from public.leads where id = any (${s.dropped.map((i) => leadIds[i % leadIds.length]!)}::uuid[])`;

      for (const moment of s.moments) {
        const at = iso(moment);
        const loads = await db.sql`select caller_id, assigned_today, assigned_last_hour, open_leads from public.caller_loads(${at}) order by caller_id`;
        // The definition, row by row: the day in the app time zone up to p_at, the hour before it, and open leads now.
        const counted = await db.sql`
          select c.id as caller_id,
            (select count(*)::int from public.lead_assignments a where a.caller_id = c.id
               and a.assigned_at >= private.local_day_start(${at}::timestamptz, public.app_time_zone()) and a.assigned_at <= ${at}) as assigned_today,
            (select count(*)::int from public.lead_assignments a where a.caller_id = c.id
               and a.assigned_at > ${at}::timestamptz - interval '1 hour' and a.assigned_at <= ${at}) as assigned_last_hour,
            (select count(*)::int from public.leads l where l.assigned_caller_id = c.id and l.status = any (private.open_statuses())) as open_leads
          from public.callers c order by c.id`;
        expect(loads).toEqual(counted);
      }
    }), { numRuns: 40, seed: 1122 });
  }, 120_000);

  it('lets callers be truncated with everything that refers to them, counts included', async () => {
    const [lead] = await db.sql<{ id: string }[]>`
      insert into public.leads (first_name, status, assigned_caller_id) values ('open', 'assigned', ${callers[0]!}) returning id`;
    await db.sql`insert into public.lead_assignments (lead_id, caller_id, reason) values (${lead!.id}, ${callers[0]!}, 'manual')`;
    await db.sql.begin(async (tx) => {
      await tx`truncate public.callers cascade`;
      const [counts] = await tx`
        select (select count(*)::int from private.caller_quarter_assignments) as quarters,
               (select count(*)::int from private.caller_open_leads) as open`;
      expect(counts).toEqual({ quarters: 0, open: 0 });
      // Thrown to roll the truncate back.
      throw new Error('rolled back');
    }).catch((error: Error) => { if (error.message !== 'rolled back') throw error; });
  });
});
