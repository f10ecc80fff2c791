import fc from 'fast-check';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimited } from '@/lib/concurrency/map-limited';
import { routingHelpers } from '../routing/support';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** An intake item as the app sends it to ingest_leads: the request and its normalized lead. */
interface Item {
  intake: Record<string, unknown>;
  lead: Record<string, unknown> | null;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Random items drawn from small pools of phones, emails, documents and keys, so that a good
 * share repeat each other (within a batch and across batches) on every duplicate rule.
 */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, percent: number) =>
  fc.oneof({ arbitrary, weight: percent }, { arbitrary: fc.constant(null), weight: 100 - percent });
const itemArbitrary = fc.record({
  rejected: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  phone: sometimes(fc.integer({ min: 0, max: 2999 }), 75),
  email: sometimes(fc.integer({ min: 0, max: 3999 }), 50),
  doc: sometimes(fc.record({ n: fc.integer({ min: 0, max: 399 }), type: fc.constantFrom(null, 'ssn', 'dl') }), 15),
  key: sometimes(fc.integer({ min: 0, max: 299 }), 10),
  state: fc.constantFrom('CA', 'TX', 'TX', 'NY', 'NJ', 'FL', 'WA', 'ZZ', null),
  line: fc.constantFrom('solar', 'auto_insurance', null, null),
  language: fc.constantFrom('en', 'es', null),
}).map(({ rejected, phone, email, doc, key, state, line, language }): Item => ({
  intake: { request_id: 'eq', idempotency_key: key === null ? null : `key-${key}`, content_type: 'application/json', raw_body: '{}', payload: {}, headers: {}, ...(rejected ? { error: 'bad row' } : {}) },
  lead: rejected ? null : {
    first_name: 'Eq',
    phone_e164: phone === null ? null : `+1212555${pad(phone, 4)}`,
    email: email === null ? null : `Lead${email}@Example.com`,
    document_number: doc ? `D${doc.n}` : null,
    document_type: doc?.type ?? null,
    state,
    business_line: line,
    language,
  },
}));

const callers = [
  { name: 'CA desk', assigned_states: ['CA'], daily_lead_limit: 400 },
  { name: 'TX desk', assigned_states: ['TX'], daily_lead_limit: 300 },
  { name: 'TX Spanish', assigned_states: ['TX'], languages: ['es'], daily_lead_limit: 350 },
  { name: 'NY desk', assigned_states: ['NY', 'NJ'], daily_lead_limit: 900, hourly_lead_limit: 500 },
  { name: 'FL solar', assigned_states: ['FL'], business_line: 'solar', daily_lead_limit: 300 },
  { name: 'Pool A', assigned_states: [], daily_lead_limit: 900, max_open_leads: 700 },
  { name: 'Pool B', assigned_states: [], daily_lead_limit: 800 },
  { name: 'Away', assigned_states: [], away_until: '2999-01-01T00:00:00Z' },
  { name: 'Inactive', assigned_states: ['CA'], active: false },
];

let sources = 0;
async function prepare(db: TestDatabase, settings: Record<string, unknown>, capsDivisor = 1): Promise<string> {
  const routing = routingHelpers(db.sql);
  await routing.reset();
  for (const [key, value] of Object.entries(settings)) await routing.setting(key, value);
  for (const caller of callers) await routing.caller(caller);
  // The same ids in both databases: round robin breaks ties by id.
  await db.sql`update public.callers set id = md5(name)::uuid, daily_lead_limit = daily_lead_limit / ${capsDivisor}`;
  const [row] = await db.sql<{ id: string }[]>`
    insert into public.sources (name, secret_hash) values (${`eq-${++sources}`}, repeat('a', 64)) returning id`;
  return row!.id;
}

type Answer = Record<string, unknown>;

/**
 * Everything an item's answer and its rows say, with lead ids replaced by the position of the
 * item that created the lead, so two databases can be compared.
 */
async function comparable(sql: Sql, answers: Answer[]): Promise<unknown[]> {
  const creator = new Map<string, number>();
  answers.forEach((answer, index) => { if (answer.outcome === 'created') creator.set(answer.lead_id as string, index); });
  const assignments = new Map((await sql<{ lead_id: string; reason: string; caller: string | null; candidates: { name: string; ruled_out_code: string | null }[] }[]>`
    select a.lead_id, a.reason, c.name as caller, a.candidates from public.lead_assignments a
    left join public.callers c on c.id = a.caller_id`).map((row) => [row.lead_id, row]));
  const leads = new Map((await sql<{ id: string; score: number; status: string; state: string | null; metadata: unknown }[]>`
    select id, score, status, state, metadata from public.leads`).map((row) => [row.id, row]));
  return answers.map((answer) => {
    const leadId = answer.lead_id as string | undefined;
    const assignment = answer.outcome === 'created' ? assignments.get(leadId!) : undefined;
    const lead = answer.outcome === 'created' ? leads.get(leadId!) : undefined;
    return {
      outcome: answer.outcome,
      reason: answer.reason,
      lead: leadId === undefined ? null : creator.get(leadId) ?? 'unknown lead',
      status: answer.status,
      routing: answer.routing,
      assigned_to: (answer.assigned_to as { name?: string } | null | undefined)?.name ?? null,
      decision: assignment && { reason: assignment.reason, caller: assignment.caller, candidates: assignment.candidates.map((c) => [c.name, c.ruled_out_code]) },
      stored: lead && { score: lead.score, status: lead.status, state: lead.state, metadata: lead.metadata },
    };
  });
}

async function totals(sql: Sql) {
  return sql`
    select (select count(*)::int from public.lead_intake) as intakes,
           (select count(*)::int from public.leads) as leads,
           (select coalesce(sum(score), 0)::int from public.leads) as score,
           (select count(*)::int from public.lead_events) as events,
           (select count(*)::int from public.lead_score_history) as score_changes,
           (select jsonb_object_agg(name, coalesce(today, 0)) from (
              select c.name, l.assigned_today as today from public.callers c join public.caller_loads() l on l.caller_id = c.id) t) as loads`;
}

describe('ingest_leads', () => {
  let single: TestDatabase;
  let batch: TestDatabase;
  beforeAll(async () => {
    [single, batch] = await Promise.all([createTestDatabase({ max: 4 }), createTestDatabase({ max: 20 })]);
  });
  afterAll(async () => {
    await Promise.all([single.drop(), batch.drop()]);
  });

  async function compare(count: number, seed: number, settings: Record<string, unknown>, expected: string[], capsDivisor = 1) {
    const items = fc.sample(itemArbitrary, { numRuns: count, seed });
    const [singleSource, batchSource] = await Promise.all([prepare(single, settings, capsDivisor), prepare(batch, settings, capsDivisor)]);
    const one: Answer[] = [];
    for (const item of items) {
      const [row] = await single.sql<{ result: Answer }[]>`
        select public.ingest_lead(${singleSource}, ${single.sql.json(item.intake as never)}, ${item.lead ? single.sql.json(item.lead as never) : null}) as result`;
      one.push(row!.result);
    }
    // Batches of uneven sizes, one after the other, so duplicates fall both inside a batch and across batches.
    const many: Answer[] = [];
    const sizes = fc.sample(fc.integer({ min: 1, max: 700 }), { numRuns: count, seed });
    for (let start = 0, i = 0; start < items.length; i += 1) {
      const chunk = items.slice(start, start + sizes[i]!);
      start += chunk.length;
      const [row] = await batch.sql<{ result: Answer[] }[]>`
        select public.ingest_leads(${batchSource}, ${batch.sql.json(chunk as never)}) as result`;
      many.push(...row!.result);
    }
    expect(many).toHaveLength(items.length);
    const outcomes = new Set(one.map((answer) => `${answer.outcome}:${answer.reason ?? answer.routing}`));
    // The sample exercises every rule, or the comparison would prove little.
    for (const outcome of [...expected, 'created:state_match', 'created:global_pool', 'rejected:undefined',
      'duplicate:idempotency_key', 'duplicate:document_number', 'duplicate:phone_window', 'duplicate:email_window']) {
      expect(outcomes).toContain(outcome);
    }
    expect(await comparable(batch.sql, many)).toEqual(await comparable(single.sql, one));
    expect(await totals(batch.sql)).toEqual(await totals(single.sql));
  }

  it('gives each of 10,000 random items the result one-by-one ingest gives it, duplicates and routing included', async () => {
    await compare(10_000, 20261122, {}, ['created:stock']);
  }, 180_000);

  it('does the same with overflow to the fewest-today caller and a global pool of every eligible caller', async () => {
    await compare(3_000, 7, { overflow_policy: 'fewest_today', global_pool: 'all_eligible' }, ['created:overflow_fewest_today'], 4);
  }, 120_000);

  it('keeps a batch whose one bad lead fails: that intake is stored as failed, the others become leads', async () => {
    const source = await prepare(batch, {});
    const items: Item[] = [
      { intake: { request_id: 'r', raw_body: 'one' }, lead: { first_name: 'Good', phone_e164: '+12125550001' } },
      { intake: { request_id: 'r', raw_body: 'two' }, lead: { first_name: 'Bad', phone_e164: 'not a phone' } },
      { intake: { request_id: 'r', raw_body: 'three' }, lead: { first_name: 'Good too', email: 'x@example.com' } },
    ];
    const [row] = await batch.sql<{ result: Answer[] }[]>`select public.ingest_leads(${source}, ${batch.sql.json(items as never)}) as result`;
    expect(row!.result.map((answer) => answer.outcome)).toEqual(['created', 'failed', 'created']);
    const stored = await batch.sql`select raw_body, outcome, error ~ 'phone_e164' as says_why from public.lead_intake order by raw_body`;
    expect(stored).toEqual([
      { raw_body: 'one', outcome: 'created', says_why: null },
      { raw_body: 'three', outcome: 'created', says_why: null },
      { raw_body: 'two', outcome: 'failed', says_why: true },
    ]);
  });

  it('refuses items that are not {intake, lead} objects, and answers an empty batch with nothing', async () => {
    const source = await prepare(batch, {});
    await expect(batch.sql`select public.ingest_leads(${source}, ${batch.sql.json([{ lead: {} }] as never)})`).rejects.toMatchObject({ code: 'PT422' });
    await expect(batch.sql`select public.ingest_leads(${source}, ${batch.sql.json({ intake: {} } as never)})`).rejects.toMatchObject({ code: 'PT422' });
    const [row] = await batch.sql`select public.ingest_leads(${source}, '[]'::jsonb) as result`;
    expect(row!.result).toEqual([]);
  });

  it('makes one lead per phone when batches and single ingests of the same phones race, without deadlock', async () => {
    const source = await prepare(batch, { });
    await batch.sql`update public.callers set daily_lead_limit = 100000, max_open_leads = null, hourly_lead_limit = null`;
    const phones = Array.from({ length: 300 }, (_, i) => `+1305555${pad(i, 4)}`);
    const item = (phone: string, tag: string): Item => ({
      intake: { request_id: tag, raw_body: tag }, lead: { first_name: tag, phone_e164: phone, state: 'TX' },
    });
    // 12 senders: some post big batches (more keys than the per-key locks allow), some small ones, some single leads.
    const work = Array.from({ length: 12 }, (_, sender) => sender);
    await mapLimited(work, 12, async (sender) => {
      const mine = fc.sample(fc.constantFrom(...phones), { numRuns: 200, seed: sender }).map((phone, i) => item(phone, `s${sender}-${i}`));
      if (sender % 3 === 0) {
        await batch.sql`select public.ingest_leads(${source}, ${batch.sql.json(mine as never)})`;
      } else if (sender % 3 === 1) {
        for (let i = 0; i < mine.length; i += 10) {
          await batch.sql`select public.ingest_leads(${source}, ${batch.sql.json(mine.slice(i, i + 10) as never)})`;
        }
      } else {
        for (const one of mine.slice(0, 50)) {
          await batch.sql`select public.ingest_lead(${source}, ${batch.sql.json(one.intake as never)}, ${batch.sql.json(one.lead as never)})`;
        }
      }
    });
    const [counts] = await batch.sql<{ intakes: number; leads: number; phones: number; linked: number; routed: number; assigned_twice: number }[]>`
      select (select count(*)::int from public.lead_intake) as intakes,
             (select count(*)::int from public.leads) as leads,
             (select count(distinct phone_e164)::int from public.leads) as phones,
             (select count(*)::int from public.lead_intake where lead_id is not null) as linked,
             (select count(*)::int from public.lead_assignments) as routed,
             (select count(*)::int from (select lead_id from public.lead_assignments group by lead_id having count(*) > 1) t) as assigned_twice`;
    const sent = 4 * 200 + 4 * 200 + 4 * 50;
    expect(counts).toEqual({ intakes: sent, leads: counts!.phones, phones: counts!.phones, linked: sent, routed: counts!.leads, assigned_twice: 0 });
    expect(counts!.phones).toBeGreaterThan(250);
  }, 60_000);
});
