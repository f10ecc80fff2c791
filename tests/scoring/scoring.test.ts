import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mapLimited } from '@/lib/concurrency/map-limited';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ max: 60 });
});
afterAll(() => db.drop());

const DEFAULT_RULES = ([
  ['lead_created', 0], ['email_opened', 5], ['email_clicked', 10], ['page_view', 5], ['form_submitted', 20],
  ['call_answered', 15], ['meeting_booked', 50], ['purchase', 100], ['unsubscribed', -50],
] as const).map(([event_type, points]) => ({ event_type: event_type as string, points: points as number }));

beforeEach(async () => {
  await db.sql`truncate public.lead_score_history, public.lead_events, public.scoring_jobs, public.leads cascade`;
  await db.sql`select public.save_scoring_rules(${db.sql.json(DEFAULT_RULES)})`;
});

async function lead(): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`insert into public.leads (first_name) values ('Scored') returning id`;
  return row!.id;
}
async function event(leadId: string, eventId: string, type: string, occurredAt?: string) {
  const [row] = await db.sql`select public.record_lead_event(${eventId}, ${leadId}, ${type}, ${occurredAt ?? null}) as r`;
  return row!.r;
}
async function score(leadId: string): Promise<number> {
  const [row] = await db.sql<{ score: number }[]>`select score from public.leads where id = ${leadId}`;
  return row!.score;
}
const ago = (days: number, seconds = 0) => new Date(Date.now() - days * 86_400_000 - seconds * 1000).toISOString();

describe('record_lead_event', () => {
  it('scores an event and records the change', async () => {
    const id = await lead();
    expect(await event(id, 'e1', 'email_clicked')).toEqual({ deduplicated: false, event_id: 'e1', lead_id: id, score_before: 0, score: 10 });
    const history = await db.sql`select cause, event_id, points, score_before, score_after from public.lead_score_history where lead_id = ${id}`;
    expect(history).toEqual([{ cause: 'event', event_id: 'e1', points: 10, score_before: 0, score_after: 10 }]);
  });

  it('counts a repeated event once, sent one after the other or 50 at a time', async () => {
    const id = await lead();
    await event(id, 'dup-1', 'page_view');
    expect(await event(id, 'dup-1', 'page_view')).toMatchObject({ deduplicated: true, lead_id: id });
    const storm = await Promise.all(Array.from({ length: 50 }, () => event(id, 'dup-2', 'meeting_booked')));
    expect(storm.filter((r) => r.deduplicated === false)).toHaveLength(1);
    expect(await score(id)).toBe(55);
    const [row] = await db.sql`select count(*)::int as n from public.lead_events where lead_id = ${id}`;
    expect(row!.n).toBe(2);
  });

  it('scores the same whatever order events arrive in', async () => {
    await db.sql`select public.save_scoring_rules(${db.sql.json([...DEFAULT_RULES.filter((r) => r.event_type !== 'page_view'), { event_type: 'page_view', points: 5, max_per_lead: 2 }])})`;
    const events: [string, string, string][] = [
      ['o1', 'page_view', ago(5)], ['o2', 'page_view', ago(4)], ['o3', 'page_view', ago(3)], ['o4', 'unsubscribed', ago(2)], ['o5', 'purchase', ago(1)],
    ];
    const inOrder = await lead();
    for (const [eventId, type, at] of events) await event(inOrder, `a-${eventId}`, type, at);
    const reversed = await lead();
    for (const [eventId, type, at] of [...events].reverse()) await event(reversed, `b-${eventId}`, type, at);
    expect(await score(inOrder)).toBe(5 + 5 - 50 + 100);
    expect(await score(reversed)).toBe(await score(inOrder));
  });

  it('counts only the first max_per_lead occurrences in event time, even when a later one arrived first', async () => {
    await db.sql`select public.save_scoring_rules(${db.sql.json([{ event_type: 'page_view', points: 5, max_per_lead: 1 }, { event_type: 'x', points: 0 }])})`;
    const id = await lead();
    await event(id, 'late', 'page_view', ago(1));
    await event(id, 'early', 'page_view', ago(2));
    expect(await score(id)).toBe(5);
    const [direct] = await db.sql`select s.score from public.lead_scores(array[${id}]::uuid[]) s`;
    expect(direct!.score).toBe(5);
  });

  it('counts only events inside window_days, the boundary included', async () => {
    await db.sql`select public.save_scoring_rules(${db.sql.json([{ event_type: 'email_opened', points: 5, window_days: 7 }])})`;
    const id = await lead();
    await event(id, 'in', 'email_opened', ago(6, 86_000));
    await event(id, 'out', 'email_opened', ago(7, 5));
    expect(await score(id)).toBe(5);
    const [at] = await db.sql`select s.score from public.lead_scores(array[${id}]::uuid[], now() + interval '2 days') s`;
    expect(at!.score).toBe(0);
  });

  it('refuses bad event ids and types, future events, and unknown leads', async () => {
    const id = await lead();
    await expect(event(id, 'future', 'page_view', new Date(Date.now() + 3_600_000).toISOString())).rejects.toMatchObject({ code: 'PT422' });
    await expect(event(id, '', 'page_view')).rejects.toMatchObject({ code: 'PT422' });
    await expect(event(id, 'ok', 'Page View')).rejects.toMatchObject({ code: 'PT422' });
    await expect(event('00000000-0000-4000-8000-000000000000', 'ok2', 'page_view')).rejects.toMatchObject({ code: 'PT404' });
  });
});

describe('replay', () => {
  it('gives the same scores incrementally as a full recompute, for 1,000 leads and random events', async () => {
    const ids = await db.sql<{ id: string }[]>`insert into public.leads (first_name) select 'R' || i from generate_series(1, 1000) i returning id`;
    const types = ['email_opened', 'email_clicked', 'page_view', 'form_submitted', 'call_answered', 'meeting_booked', 'purchase', 'unsubscribed', 'not_a_rule'];
    await db.sql`select public.save_scoring_rules(${db.sql.json([
      ...DEFAULT_RULES.filter((r) => !['page_view', 'email_opened'].includes(r.event_type)),
      { event_type: 'page_view', points: 5, max_per_lead: 3 }, { event_type: 'email_opened', points: 5, window_days: 30 },
    ])})`;
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const events = Array.from({ length: 5000 }, (_, i) => ({
      id: ids[Math.floor(random() * ids.length)]!.id, eventId: `r-${i}`, type: types[Math.floor(random() * types.length)]!, at: ago(random() * 60),
    }));
    await mapLimited(events, 20, (e) => event(e.id, e.eventId, e.type, e.at));
    const incremental = await db.sql`select id, score from public.leads order by id`;
    const result = await db.sql`select public.recompute_scores() as r`;
    expect(result[0]!.r).toMatchObject({ processed: 1000, changed: 0 });
    expect(await db.sql`select id, score from public.leads order by id`).toEqual(incremental);
    expect(incremental.some((row) => row.score !== 0)).toBe(true);
  });

  it('re-scores history under changed rules, in batches, with a history row per changed lead', async () => {
    const a = await lead();
    const b = await lead();
    await event(a, 'a1', 'email_opened');
    await event(a, 'a2', 'email_opened');
    await event(b, 'b1', 'purchase');
    const preview = (await db.sql`select public.preview_scores(${db.sql.json([...DEFAULT_RULES.filter((r) => r.event_type !== 'email_opened'), { event_type: 'email_opened', points: 7 }])}) as p`)[0]!.p;
    expect(preview).toMatchObject({ leads: 2, changed: 1, movers: [{ lead_id: a, current: 10, draft: 14, delta: 4 }] });
    expect(await score(a)).toBe(10);

    const [saved] = await db.sql`select public.save_scoring_rules(${db.sql.json([...DEFAULT_RULES.filter((r) => r.event_type !== 'email_opened'), { event_type: 'email_opened', points: 7 }])}) as version`;
    const version = saved!.version as number;
    expect(await score(a)).toBe(10);
    const [job] = await db.sql`select * from public.start_rescore()`;
    let step = job!;
    while (!step.finished_at) [step] = await db.sql`select * from public.rescore_step(${job!.id}, 1)`;
    expect(step).toMatchObject({ processed: 2, changed: 1, total: 2, rules_version: version });
    expect(await score(a)).toBe(14);
    const [history] = await db.sql`select cause, rules_version, score_before, score_after from public.lead_score_history where lead_id = ${a} and cause = 'recompute'`;
    expect(history).toEqual({ cause: 'recompute', rules_version: version, score_before: 10, score_after: 14 });
  });

  it('stops a re-score when the rules change under it, and accepts an empty rule set', async () => {
    await lead();
    const [job] = await db.sql`select * from public.start_rescore()`;
    await db.sql`select public.save_scoring_rules('[]'::jsonb)`;
    await expect(db.sql`select * from public.rescore_step(${job!.id})`).rejects.toMatchObject({ code: 'PT409' });
    const [rules] = await db.sql`select count(*)::int as n from public.scoring_rules`;
    expect(rules!.n).toBe(0);
  });

  it('finds a lead by id, external id, email or phone', async () => {
    const [row] = await db.sql<{ id: string }[]>`insert into public.leads (external_id, email, phone_e164) values ('ext-9', 'who@x.io', '+15552345678') returning id`;
    const refs: (string | null)[][] = [[row!.id, null, null, null], [null, 'ext-9', null, null], [null, null, 'WHO@x.io', null], [null, null, null, '+15552345678']];
    for (const args of refs) {
      const [found] = await db.sql`select public.find_lead(${args[0] ?? null}, ${args[1] ?? null}, ${args[2] ?? null}, ${args[3] ?? null}) as id`;
      expect(found!.id).toBe(row!.id);
    }
  });
});
