import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TransactionSql } from 'postgres';
import { withViewer } from '@/lib/db/with-viewer';
import { createMember } from '../support/members';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { routingHelpers, type RoutingHelpers } from './support';

let db: TestDatabase;
let h: RoutingHelpers;
beforeAll(async () => {
  db = await createTestDatabase();
  h = routingHelpers(db.sql);
});
beforeEach(() => h.reset());
afterAll(() => db.drop());

describe('assign_lead_atomic', () => {
  const ruledOut = (result: Record<string, unknown>, name: string) =>
    (result.candidates as { name: string; ruled_out: string | null }[]).find((c) => c.name === name)?.ruled_out;

  it('gives a lead to a caller covering its state before the global pool', async () => {
    const ca = await h.caller({ name: 'CA', assigned_states: ['CA'] });
    await h.caller({ name: 'Global' });
    const result = await h.assign(await h.lead({ state: 'CA' }));
    expect(result).toMatchObject({ assigned: true, caller_id: ca, reason: 'state_match' });
  });

  it('falls back to the global pool, saying why state callers were passed over', async () => {
    await h.caller({ name: 'CA', assigned_states: ['CA', 'NV'] });
    const global = await h.caller({ name: 'Global' });
    const result = await h.assign(await h.lead({ state: 'TX' }));
    expect(result).toMatchObject({ assigned: true, caller_id: global, reason: 'global_pool' });
    expect(ruledOut(result, 'CA')).toBe('covers other states (CA, NV)');
  });

  it('lets every eligible caller serve the pool when global_pool = all_eligible', async () => {
    const ca = await h.caller({ name: 'CA', assigned_states: ['CA'] });
    await h.setting('global_pool', 'all_eligible');
    expect(await h.assign(await h.lead({ state: 'TX' }))).toMatchObject({ caller_id: ca, reason: 'global_pool' });
  });

  it('prefers a caller speaking the lead\'s language, then round robin', async () => {
    const en = await h.caller({ name: 'English', languages: ['en'] });
    const es = await h.caller({ name: 'Spanish', languages: ['en', 'es'] });
    expect((await h.assign(await h.lead({ language: 'es' }))).caller_id).toBe(es);
    expect((await h.assign(await h.lead({ language: 'es' }))).caller_id).toBe(es);
    expect((await h.assign(await h.lead({}))).caller_id).toBe(en);
  });

  it('takes turns among equal callers, least recently assigned first', async () => {
    const ids = [await h.caller({ name: 'A' }), await h.caller({ name: 'B' }), await h.caller({ name: 'C' })];
    const picks: string[] = [];
    for (let i = 0; i < 6; i += 1) picks.push((await h.assign(await h.lead({}))).caller_id as string);
    const first = picks.slice(0, 3).sort();
    expect(first).toEqual([...ids].sort());
    expect(picks.slice(3)).toEqual(picks.slice(0, 3));
  });

  it.each([
    ['inactive', { active: false }, 'inactive'],
    ['away', { away_until: '2999-01-01T00:00:00Z' }, /^away until 2998-12-31 19:00$/],
    ['on another business line', { business_line: 'solar' }, 'wrong business line (solar)'],
    ['at the daily cap', { daily_lead_limit: 0 }, 'at daily cap 0/0'],
    ['at the hourly cap', { hourly_lead_limit: 0 }, 'at hourly cap 0/0'],
    ['at the open-lead limit', { max_open_leads: 0 }, 'at open-lead limit 0/0'],
  ])('passes over a caller who is %s and says so', async (_label, fields, reason) => {
    await h.caller({ name: 'Only', ...fields });
    const result = await h.assign(await h.lead({ business_line: 'auto_insurance' }));
    expect(result).toMatchObject({ assigned: false, reason: 'stock' });
    expect(ruledOut(result, 'Only')).toMatch(reason);
  });

  it('lets a caller with no business line take any line, and any caller take a lead with none', async () => {
    const anyLine = await h.caller({ name: 'Any line' });
    expect((await h.assign(await h.lead({ business_line: 'auto_insurance' }))).caller_id).toBe(anyLine);
    await h.reset();
    const solar = await h.caller({ name: 'Solar', business_line: 'solar' });
    expect((await h.assign(await h.lead({}))).caller_id).toBe(solar);
  });

  it('counts the daily cap by the New York day, including DST days', async () => {
    const capped = await h.caller({ name: 'One a day', daily_lead_limit: 1 });
    const cases: [string, string, boolean][] = [
      // [earlier assignment, routing time, still capped?]
      ['2026-03-08T04:59:00Z', '2026-03-08T05:10:00Z', false], // 23:59 EST Mar 7 vs 00:10 EST Mar 8
      ['2026-03-08T05:10:00Z', '2026-03-09T03:50:00Z', true], // both Mar 8 (23:50 EDT)
      ['2026-03-09T03:50:00Z', '2026-03-09T04:05:00Z', false], // EDT midnight is 04:00Z
      ['2026-11-01T04:30:00Z', '2026-11-02T04:30:00Z', true], // 00:30 EDT and 23:30 EST, both Nov 1
      ['2026-11-02T04:30:00Z', '2026-11-02T05:01:00Z', false], // EST midnight is 05:00Z
    ];
    for (const [before, at, stillCapped] of cases) {
      await db.sql`delete from public.lead_assignments where caller_id = ${capped}`;
      await h.assignedAt(capped, before);
      const result = await h.assign(await h.lead({}), at);
      expect({ before, at, assigned: result.assigned }).toEqual({ before, at, assigned: !stillCapped });
    }
  });

  it('honours weekly working hours in New York time', async () => {
    await h.caller({ name: 'Nine to five', working_hours: { mon: [['09:00', '17:00']] } });
    // Monday 2026-11-23: 08:59 EST is 13:59Z, 09:00 EST is 14:00Z, 17:00 EST is 22:00Z.
    expect((await h.assign(await h.lead({}), '2026-11-23T13:59:00Z')).assigned).toBe(false);
    expect((await h.assign(await h.lead({}), '2026-11-23T14:00:00Z')).assigned).toBe(true);
    const late = await h.assign(await h.lead({}), '2026-11-23T22:00:00Z');
    expect(ruledOut(late, 'Nine to five')).toBe('outside working hours');
    expect((await h.assign(await h.lead({}), '2026-11-24T15:00:00Z')).assigned).toBe(false); // Tuesday: no hours
  });

  it('leaves the lead in stock by default, recording who was considered and why not', async () => {
    await h.caller({ name: 'Full', daily_lead_limit: 0 });
    const leadId = await h.lead({});
    const result = await h.assign(leadId);
    expect(result).toMatchObject({ assigned: false, reason: 'stock' });
    const [lead] = await db.sql`select status, assigned_caller_id from public.leads where id = ${leadId}`;
    expect(lead).toEqual({ status: 'new', assigned_caller_id: null });
    const [trace] = await db.sql`select reason, caller_id, candidates from public.lead_assignments where lead_id = ${leadId}`;
    expect(trace).toMatchObject({ reason: 'stock', caller_id: null, candidates: [{ name: 'Full', ruled_out: 'at daily cap 0/0' }] });
  });

  it('with overflow_policy fewest_today, gives it to the capped caller with fewest leads today', async () => {
    const busy = await h.caller({ name: 'Busy', daily_lead_limit: 2 });
    const quiet = await h.caller({ name: 'Quiet', daily_lead_limit: 1, assigned_states: ['CA'] });
    await h.assignedAt(busy, new Date().toISOString(), 2);
    await h.assignedAt(quiet, new Date().toISOString(), 1);
    await h.setting('overflow_policy', 'fewest_today');
    expect(await h.assign(await h.lead({ state: 'TX' }))).toMatchObject({ assigned: true, caller_id: quiet, reason: 'overflow_fewest_today' });
  });

  it('never assigns a lead twice', async () => {
    const a = await h.caller({ name: 'A' });
    const leadId = await h.lead({});
    await h.assign(leadId);
    expect(await h.assign(leadId)).toMatchObject({ assigned: false, reason: 'not_in_stock', status: 'assigned', caller_id: a });
    const [row] = await db.sql`select count(*)::int as n from public.lead_assignments where lead_id = ${leadId}`;
    expect(row!.n).toBe(1);
  });
});

describe('manual assignment, unassignment and status', () => {
  it('assigns by hand over caps, reassigns, and puts back in stock, keeping the history', async () => {
    const a = await h.caller({ name: 'A', daily_lead_limit: 0 });
    const b = await h.caller({ name: 'B' });
    const leadId = await h.lead({});
    expect((await db.sql`select public.assign_lead_manual(${leadId}, ${a}) as r`)[0]!.r).toMatchObject({ assigned: true, reason: 'manual' });
    await db.sql`select public.assign_lead_manual(${leadId}, ${b})`;
    await db.sql`select public.unassign_lead(${leadId})`;
    const history = await db.sql`select caller_id, reason, ended_at is not null as ended, end_reason from public.lead_assignments where lead_id = ${leadId} order by assigned_at`;
    expect(history).toEqual([
      { caller_id: a, reason: 'manual', ended: true, end_reason: expect.stringMatching(/^reassigned by /) },
      { caller_id: b, reason: 'manual', ended: true, end_reason: expect.stringMatching(/^back to stock by /) },
    ]);
    const [lead] = await db.sql`select status, assigned_caller_id from public.leads where id = ${leadId}`;
    expect(lead).toEqual({ status: 'new', assigned_caller_id: null });
  });

  it('refuses inactive callers and leads that are closed', async () => {
    const off = await h.caller({ name: 'Off', active: false });
    const leadId = await h.lead({});
    await expect(db.sql`select public.assign_lead_manual(${leadId}, ${off})`).rejects.toMatchObject({ code: 'PT409', message: 'caller Off is inactive' });
    await db.sql`update public.leads set status = 'sold' where id = ${leadId}`;
    const on = await h.caller({ name: 'On' });
    await expect(db.sql`select public.assign_lead_manual(${leadId}, ${on})`).rejects.toMatchObject({ code: 'PT409' });
  });

  it('moves a lead through its statuses with notes, refusing skips', async () => {
    await h.caller({ name: 'A' });
    const leadId = await h.lead({});
    await h.assign(leadId);
    await expect(db.sql`select public.update_lead_status(${leadId}, 'won')`).rejects.toMatchObject({ code: 'PT409', message: 'a lead cannot go from assigned to won' });
    await db.sql`select public.update_lead_status(${leadId}, 'contacted', 'left a voicemail')`;
    await db.sql`select public.update_lead_status(${leadId}, 'qualified', '  ')`;
    await db.sql`select public.update_lead_status(${leadId}, 'won', 'signed')`;
    const history = await db.sql`select from_status, to_status, note from public.lead_status_history where lead_id = ${leadId} order by id`;
    expect(history).toEqual([
      { from_status: 'assigned', to_status: 'contacted', note: 'left a voicemail' },
      { from_status: 'contacted', to_status: 'qualified', note: null },
      { from_status: 'qualified', to_status: 'won', note: 'signed' },
    ]);
  });

  it('lets a caller update and see only their own leads', async () => {
    const mine = await h.caller({ name: 'Me' });
    const other = await h.caller({ name: 'Other' });
    const myLead = await h.lead({});
    const theirLead = await h.lead({});
    await db.sql`select public.assign_lead_manual(${myLead}, ${mine})`;
    await db.sql`select public.assign_lead_manual(${theirLead}, ${other})`;
    const me = await createMember(db.sql, 'caller', { callerId: mine });
    const asCaller = <T>(fn: (tx: TransactionSql) => Promise<T>) => withViewer(db.sql, me, fn);
    expect(await asCaller((tx) => tx`select id from public.leads`)).toEqual([{ id: myLead }]);
    await asCaller((tx) => tx`select public.update_lead_status(${myLead}, 'contacted')`);
    await expect(asCaller((tx) => tx`select public.update_lead_status(${theirLead}, 'contacted')`)).rejects.toMatchObject({ code: 'PT404' });
    await expect(asCaller((tx) => tx`select public.assign_lead_manual(${theirLead}, ${mine})`)).rejects.toMatchObject({ code: 'PT403' });
  });

  it('routes the stock oldest first from the SQL console, one transaction per lead', async () => {
    await h.caller({ name: 'A', daily_lead_limit: 3 });
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push(await h.lead({}));
    await db.sql`call public.assign_stock(10)`;
    const rows = await db.sql`select id, status from public.leads where id in ${db.sql(ids)} order by created_at`;
    expect(rows.map((r) => r.status)).toEqual(['assigned', 'assigned', 'assigned', 'new', 'new']);
  });

  it('refuses malformed working hours and a second caller with the same email', async () => {
    await expect(db.sql`select public.save_caller(null, ${db.sql.json({ name: 'H', working_hours: { mon: '9-5' } })})`).rejects.toMatchObject({ code: 'PT422' });
    await expect(db.sql`select public.save_caller(null, ${db.sql.json({ name: 'H', working_hours: { mon: [['17:00', '09:00']] } })})`).rejects.toMatchObject({ code: 'PT422' });
    await h.caller({ name: 'E1', email: 'same@example.com' });
    await expect(db.sql`select public.save_caller(null, ${db.sql.json({ name: 'E2', email: 'Same@example.com' })})`).rejects.toMatchObject({
      code: 'PT409', message: 'another caller has the email Same@example.com',
    });
  });

  it('validates callers by name', async () => {
    await expect(db.sql`select public.save_caller(null, ${db.sql.json({ name: 'X', assigned_states: ['CA', 'ZZ', 'QQ'] })})`).rejects.toMatchObject({
      code: 'PT422', message: 'unknown state code(s): QQ, ZZ',
    });
    await expect(db.sql`select public.save_caller(null, ${db.sql.json({ name: 'X', business_line: 'rockets' })})`).rejects.toMatchObject({ code: 'PT422' });
    const id = await h.caller({ name: 'Y', assigned_states: ['TX', 'CA', 'TX'], languages: ['EN', 'es'] });
    const [row] = await db.sql`select * from public.save_caller(${id}, ${db.sql.json({ daily_lead_limit: 7 })})`;
    expect(row).toMatchObject({ name: 'Y', assigned_states: ['CA', 'TX'], languages: ['en', 'es'], daily_lead_limit: 7 });
  });
});
