import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { env } from '@/lib/env';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const database = vi.hoisted(() => ({ current: null as TestDatabase | null }));
vi.mock('@/lib/db/client', () => ({ db: () => database.current!.sql }));
vi.mock('@/lib/log/logger', () => ({ logger: { child: () => ({ info: () => {}, warn: () => {}, error: () => {} }) } }));

const { POST, GET } = await import('@/app/api/cron/tick/route');

const SECRET = 'cron-secret-0123456789abcdef';
const segment = { params: Promise.resolve({}) };
const tick = (headers: Record<string, string> = {}, handler = POST) =>
  handler(new Request('http://leadops.test/api/cron/tick', { method: handler === POST ? 'POST' : 'GET', headers }), segment);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  database.current = db;
});
beforeEach(async () => {
  env.CRON_SECRET = SECRET;
  await db.sql`delete from public.automation_rules`;
  await db.sql`insert into public.automation_rules (name, trigger_kind, every_minutes, action, created_at)
               values ('every minute', 'schedule', 1, 'recompute_scores', now() - interval '1 day')`;
});
afterAll(() => db.drop());

const runs = async () => (await db.sql`select count(*)::int as n from public.automation_runs`)[0]!.n as number;

describe('POST /api/cron/tick', () => {
  it('runs the due rules for the bearer of CRON_SECRET and answers the summary', async () => {
    const response = await tick({ authorization: `Bearer ${SECRET}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, result: { ran: 1, runs: [{ name: 'every minute', ok: true }] } });
    expect(await runs()).toBe(1);
  });

  it('answers GET too, as Vercel Cron sends it', async () => {
    expect((await tick({ authorization: `Bearer ${SECRET}` }, GET)).status).toBe(200);
  });

  it.each([
    ['no Authorization', {}],
    ['another secret', { authorization: 'Bearer cron-secret-0123456789abcdeX' }],
    ['the secret with a suffix', { authorization: `Bearer ${SECRET}x` }],
    ['a prefix of the secret', { authorization: `Bearer ${SECRET.slice(0, -1)}` }],
    ['the secret in another scheme', { authorization: `Basic ${SECRET}` }],
  ])('refuses %s with 401 and runs nothing', async (_label, headers) => {
    const response = await tick(headers);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ ok: false, error: 'unauthorized' });
    expect(await runs()).toBe(0);
  });

  it('answers 503 and runs nothing while CRON_SECRET is unset', async () => {
    env.CRON_SECRET = undefined;
    const response = await tick({ authorization: 'Bearer ' });
    expect(response.status).toBe(503);
    expect(await runs()).toBe(0);
  });
});
