import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN, type Viewer } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import { readAppTimeZone } from '@/lib/settings/read-app-time-zone';
import { prepareDatabase } from '@/scripts/lib/prepare-database';
import { routingHelpers, type RoutingHelpers } from '../routing/support';
import { createMember } from '../support/members';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Each business rule has one owner in SQL; these tests change it there and watch every reader follow.
let db: TestDatabase;
let h: RoutingHelpers;
let manager: Viewer;
beforeAll(async () => {
  db = await createTestDatabase();
  h = routingHelpers(db.sql);
  manager = await createMember(db.sql, 'manager');
});
beforeEach(async () => {
  await h.reset();
  await db.sql`select public.set_setting('timezone', '"America/New_York"')`;
});
afterAll(() => db.drop());

describe('"today" has one time zone, the setting', () => {
  // 02:00 UTC on 15 June is 22:00 the day before in New York and 11:00 the same day in Tokyo.
  const assignedAt = '2026-06-15T02:00:00Z';
  const now = '2026-06-15T12:00:00Z';

  async function loadToday(callerId: string) {
    const [row] = await db.sql`select assigned_today from public.caller_loads(${now}) where caller_id = ${callerId}`;
    return row!.assigned_today as number;
  }

  it('moves the Callers page count, the daily cap and what the dashboard reads together', async () => {
    const caller = await h.caller({ name: 'One a day', daily_lead_limit: 1 });
    await h.assignedAt(caller, assignedAt);

    expect(await loadToday(caller)).toBe(0);
    expect(await h.assign(await h.lead(), now)).toMatchObject({ assigned: true, caller_id: caller });
    // A member who may not read app_settings still sees times in the one zone.
    const aCaller = await createMember(db.sql, 'caller', { callerId: caller });
    expect(await withViewer(db.sql, aCaller, readAppTimeZone)).toBe('America/New_York');

    await h.reset();
    const tokyo = await h.caller({ name: 'One a day', daily_lead_limit: 1 });
    await h.assignedAt(tokyo, assignedAt);
    await db.sql`select public.set_setting('timezone', '"Asia/Tokyo"')`;

    expect(await loadToday(tokyo)).toBe(1);
    const result = await h.assign(await h.lead(), now);
    expect(result).toMatchObject({ assigned: false, reason: 'stock' });
    expect(result.candidates).toMatchObject([{ ruled_out_code: 'daily_cap', ruled_out: 'at daily cap 1/1' }]);
    expect(await withViewer(db.sql, await createMember(db.sql, 'caller', { callerId: tokyo }), readAppTimeZone)).toBe('Asia/Tokyo');
  });

  it('refuses a time zone that does not exist, and settings only admins may change', async () => {
    for (const zone of ['Mars/Olympus', 'Factory', 'posix/America/New_York']) {
      await expect(db.sql`select public.set_setting('timezone', ${db.sql.json(zone)})`).rejects.toMatchObject({ code: 'PT422' });
    }
    await expect(db.sql`select public.set_setting('dedupe_window_hours', '9000000000000')`).rejects.toMatchObject({ code: 'PT422' });
    await expect(db.sql`select public.set_setting('overflow_policy', null)`).rejects.toMatchObject({ code: 'PT422' });
    await expect(db.sql`select public.set_setting('no_such_setting', '1')`).rejects.toMatchObject({ code: 'PT404' });
    await expect(
      withViewer(db.sql, manager, (tx) => tx`select public.set_setting('timezone', '"Asia/Tokyo"')`),
    ).rejects.toMatchObject({ code: 'PT403' });
    expect(await withViewer(db.sql, LOCAL_ADMIN, readAppTimeZone)).toBe('America/New_York');
  });
});

describe('APP_TIMEZONE', () => {
  it('seeds the time zone of a new database, which owns it from then on', async () => {
    const fresh = await createTestDatabase({ from: 'empty' });
    try {
      const prepare = (timeZone: string) =>
        prepareDatabase({ url: fresh.url, bootstrap: true, seed: false, timeZone, log: () => {} });
      await prepare('Asia/Tokyo');
      expect(await readAppTimeZone(fresh.sql)).toBe('Asia/Tokyo');
      await fresh.sql`select public.set_setting('timezone', '"Europe/Lisbon"')`;
      await prepare('America/Denver');
      expect(await readAppTimeZone(fresh.sql)).toBe('Europe/Lisbon');
    } finally {
      await fresh.drop();
    }
  });
});

describe('routing decides on codes, people read messages', () => {
  it('gives every ruled-out candidate a code beside its message', async () => {
    await h.caller({ name: 'Inactive', active: false });
    await h.caller({ name: 'Other states', assigned_states: ['NV'] });
    await h.caller({ name: 'Wrong line', business_line: 'solar' });
    await h.caller({ name: 'Full', daily_lead_limit: 0 });
    const result = await h.assign(await h.lead({ state: 'TX', business_line: 'auto_insurance' }));
    const codes = Object.fromEntries(
      (result.candidates as { name: string; ruled_out_code: string; ruled_out: string }[]).map((c) => [c.name, [c.ruled_out_code, c.ruled_out]]),
    );
    expect(codes).toEqual({
      Inactive: ['inactive', 'inactive'],
      'Other states': ['other_states', 'covers other states (NV)'],
      'Wrong line': ['wrong_line', 'wrong business line (solar)'],
      Full: ['daily_cap', 'at daily cap 0/0'],
    });
  });

  it('lets overflow take a capped or other-state caller by code, never an inactive one', async () => {
    await h.setting('overflow_policy', 'fewest_today');
    // The inactive caller has the fewest leads today: only its code keeps overflow away from it.
    await h.caller({ name: 'Inactive', active: false });
    const full = await h.caller({ name: 'Full', daily_lead_limit: 1, assigned_states: ['NV'] });
    await h.assignedAt(full, new Date().toISOString());
    expect(await h.assign(await h.lead({ state: 'TX' }))).toMatchObject({ assigned: true, caller_id: full, reason: 'overflow_fewest_today' });
  });
});

/** A refusal must be the rule's own answer (409), not some other failure. */
function refusedWith409(error: { code?: string }): false {
  expect(error.code).toBe('PT409');
  return false;
}

describe('status transitions have one table', () => {
  const statuses = ['assigned', 'contacted', 'qualified', 'won', 'lost'];

  it('accepts exactly the changes the lead page offers, and no other', async () => {
    const caller = await h.caller({ name: 'Worker' });
    for (const from of statuses) {
      for (const to of statuses) {
        const [lead] = await db.sql<{ id: string }[]>`
          insert into public.leads (first_name, status, assigned_caller_id) values ('T', ${from}, ${caller}) returning id`;
        const [steps] = await withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.lead_next_steps(${lead!.id}) as s`);
        const offered = (steps!.s as { statuses: string[] }).statuses.includes(to);
        const accepted = await db.sql`select public.update_lead_status(${lead!.id}, ${to})`.then(() => true, refusedWith409);
        expect({ from, to, accepted }).toEqual({ from, to, accepted: offered });
      }
    }
    const [row] = await db.sql`select count(*)::int as n from public.lead_status_transitions`;
    expect(row!.n).toBe(7);
  });

  it('offers assignment only where the assign and unassign functions allow it', async () => {
    const caller = await h.caller({ name: 'Worker' });
    const leadIn = async (status: string) => {
      const [lead] = await db.sql<{ id: string }[]>`
        insert into public.leads (first_name, status, assigned_caller_id)
        values ('T', ${status}, ${status === 'new' ? null : caller}) returning id`;
      return lead!.id;
    };
    for (const status of ['new', 'assigned', 'contacted', 'qualified', 'won', 'lost', 'reserved', 'sold']) {
      const lead = await leadIn(status);
      const [steps] = await withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.lead_next_steps(${lead}) as s`);
      const { can_assign, can_unassign } = steps!.s as { can_assign: boolean; can_unassign: boolean };
      const other = await h.caller({ name: `Other ${status}` });
      const unassigned = await db.sql`select public.unassign_lead(${lead})`.then(() => true, refusedWith409);
      const assigned = await db.sql`select public.assign_lead_manual(${await leadIn(status)}, ${other})`.then(() => true, refusedWith409);
      expect({ status, can_assign, can_unassign }).toEqual({ status, can_assign: assigned, can_unassign: unassigned });
    }
  });
});

describe('working hours, event types and source names have one definition', () => {
  it('answers a malformed value with the words of the one check', async () => {
    const hours = { mon: [['17:00', '09:00']] };
    const [problem] = await db.sql`select private.working_hours_problem(${db.sql.json(hours)}) as p`;
    expect(problem!.p).toBe('working_hours.mon: 17:00-09:00 must end after it starts');
    await expect(db.sql`select public.save_caller(null, ${db.sql.json({ name: 'H', working_hours: hours })})`)
      .rejects.toMatchObject({ code: 'PT422', message: problem!.p });
  });

  it('refuses a bad event type in rules and in events alike', async () => {
    const [lead] = await db.sql<{ id: string }[]>`insert into public.leads (first_name) values ('E') returning id`;
    await expect(db.sql`select public.record_lead_event('e1', ${lead!.id}, 'Bad-Type')`).rejects.toMatchObject({ code: 'PT422' });
    await expect(db.sql`select public.save_scoring_rules(${db.sql.json([{ event_type: 'Bad-Type', points: 1 }])})`)
      .rejects.toMatchObject({ code: 'PT422' });
    await expect(db.sql`insert into public.lead_events (event_id, lead_id, type) values ('e2', ${lead!.id}, 'Bad-Type')`)
      .rejects.toMatchObject({ code: '23514' });
  });

  it('refuses a bad source name through the function and the table alike', async () => {
    const hash = 'a'.repeat(64);
    await expect(db.sql`select public.create_source('Bad Name', ${hash})`).rejects.toMatchObject({ code: 'PT400' });
    await expect(db.sql`insert into public.sources (name, secret_hash) values ('Bad Name', ${hash})`).rejects.toMatchObject({ code: '23514' });
  });
});

describe('the stock sweep has one definition', () => {
  it('routes oldest first one lead per call, and the console procedure walks the same path', async () => {
    await h.caller({ name: 'A', daily_lead_limit: 3 });
    const ids = [];
    for (let i = 0; i < 4; i += 1) ids.push(await h.lead());
    const [first] = await db.sql`select public.assign_next_stock_lead() as r`;
    expect(first!.r).toMatchObject({ lead_id: ids[0], assigned: true });
    const [second] = await db.sql`select public.assign_next_stock_lead(${ids[0]!}) as r`;
    expect(second!.r).toMatchObject({ lead_id: ids[1], assigned: true });
    const [last] = await db.sql`select public.assign_next_stock_lead(${ids[3]!}) as r`;
    expect(last!.r).toBeNull();
    // The procedure routes the rest: one more lead fits under the cap, the last stays in stock.
    await db.sql`call public.assign_stock(10)`;
    const rows = await db.sql`select status from public.leads where id in ${db.sql(ids)} order by created_at, id`;
    expect(rows.map((r) => r.status)).toEqual(['assigned', 'assigned', 'assigned', 'new']);
    const [trace] = await db.sql`select actor, reason from public.lead_assignments where lead_id = ${ids[3]!}`;
    expect(trace).toEqual({ actor: 'stock sweep', reason: 'stock' });
  });
});
