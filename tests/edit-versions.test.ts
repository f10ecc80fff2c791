import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorFields, mapError } from '@/lib/api/errors';
import type { Viewer } from '@/lib/auth/viewer';
import { createMember } from './support/members';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Two managers, one record: every save of a caller, a setting, the state caps or the scoring
// rules may carry the version it started from, and one made from an older version than the
// record's is refused with 409 and the record as it is now. Driven through the app's own
// functions and client (DATABASE_URL), acting as members, as the API and the forms call them.

type App = typeof import('@/lib/routing/save-caller') & typeof import('@/lib/settings/set-setting')
  & typeof import('@/lib/orders/orders') & typeof import('@/lib/scoring/scoring') & { sql: Sql };

let db: TestDatabase;
let app: App;
let manager: Viewer;
let admin: Viewer;

beforeAll(async () => {
  db = await createTestDatabase();
  manager = await createMember(db.sql, 'manager');
  admin = await createMember(db.sql, 'admin');
  vi.stubEnv('DATABASE_URL', db.url);
  const { db: appDb } = await import('@/lib/db/client');
  app = {
    ...(await import('@/lib/routing/save-caller')),
    ...(await import('@/lib/settings/set-setting')),
    ...(await import('@/lib/orders/orders')),
    ...(await import('@/lib/scoring/scoring')),
    sql: appDb(),
  };
});
afterAll(async () => {
  await app?.sql.end({ timeout: 5 });
  delete (globalThis as { leadopsSql?: Sql }).leadopsSql;
  vi.unstubAllEnvs();
  await db?.drop();
});

/** What the API answers (status and body fields) for a save that fails. */
async function answer(save: Promise<unknown>) {
  try {
    await save;
  } catch (error) {
    const mapped = mapError(error);
    return { status: mapped.status, ...errorFields(mapped) };
  }
  throw new Error('the save went through');
}

const callerNow = async (id: string) =>
  (await db.sql<{ j: Record<string, unknown> }[]>`select to_jsonb(c) as j from public.callers c where id = ${id}`)[0]!.j;
const settingNow = async (key: string) =>
  (await db.sql<{ j: Record<string, unknown> }[]>`select jsonb_build_object('key', key, 'value', value, 'version', version) as j from public.app_settings where key = ${key}`)[0]!.j;
const capsNow = async () => app.stateCapsJson(await app.getStateCaps(manager));
const rulesNow = async () => {
  const { version, rules } = await app.listScoringRules(manager);
  return { version, rules };
};

describe('save_caller', () => {
  it('saves from the current version and moves it on, refuses an older one with the caller as it is now, and without a version the last write wins', async () => {
    const created = await app.saveCaller(manager, null, { name: 'Versioned', daily_lead_limit: 5 });
    const start = created.version as number;
    expect(start).toBeGreaterThanOrEqual(1);

    const fresh = await app.saveCaller(manager, created.id, { daily_lead_limit: 6 }, start);
    expect(fresh).toMatchObject({ daily_lead_limit: 6, version: start + 1 });

    expect(await answer(app.saveCaller(manager, created.id, { daily_lead_limit: 7 }, start))).toEqual({
      status: 409,
      error: 'conflict',
      message: `caller Versioned was changed by someone else since version ${start} (it is at version ${start + 1} now)`,
      current: await callerNow(created.id),
    });
    expect(await callerNow(created.id)).toMatchObject({ daily_lead_limit: 6, version: start + 1, name: 'Versioned' });

    expect(await app.saveCaller(manager, created.id, { daily_lead_limit: 8 })).toMatchObject({ daily_lead_limit: 8, version: start + 2 });
  });

  it('counts what people change, not routing\'s round-robin stamp or a save that changes nothing', async () => {
    const { id } = await app.saveCaller(manager, null, { name: 'Stamped' });
    const [lead] = await db.sql<{ id: string }[]>`insert into public.leads (first_name) values ('Routed') returning id`;
    await db.sql`select public.assign_lead_manual(${lead!.id}, ${id})`;
    expect(await callerNow(id)).toMatchObject({ version: 1, last_assigned_at: expect.any(String) });

    expect(await app.saveCaller(manager, id, { name: 'Stamped', daily_lead_limit: 25 }, 1)).toMatchObject({ version: 1 });
    // An edit in the SQL console is an edit too.
    await db.sql`update public.callers set daily_lead_limit = 3 where id = ${id}`;
    expect(await callerNow(id)).toMatchObject({ daily_lead_limit: 3, version: 2 });
    await db.sql`update public.callers set version = 40 where id = ${id}`;
    expect(await callerNow(id)).toMatchObject({ version: 2 });
  });

  it('lists each caller with its version, and still checks the role first', async () => {
    const { id, version } = await app.saveCaller(manager, null, { name: 'Listed' });
    const { listCallers } = await import('@/lib/routing/list-callers');
    expect((await listCallers(manager)).find((caller) => caller.id === id)).toMatchObject({ version });
    const caller = await createMember(db.sql, 'caller', { callerId: id });
    expect(await answer(app.saveCaller(caller, id, { daily_lead_limit: 1 }, 99))).toMatchObject({ status: 403 });
  });
});

describe('set_setting', () => {
  it('saves from the current version and moves it on, refuses an older one with the setting as it is now, and without a version the last write wins', async () => {
    const start = (await settingNow('dedupe_window_hours')).version as number;

    expect(await app.setSetting(admin, 'dedupe_window_hours', 30, start)).toEqual({ key: 'dedupe_window_hours', value: 30, version: start + 1 });
    expect(await answer(app.setSetting(admin, 'dedupe_window_hours', 31, start))).toEqual({
      status: 409,
      error: 'conflict',
      message: `setting dedupe_window_hours was changed by someone else since version ${start} (it is at version ${start + 1} now)`,
      current: { key: 'dedupe_window_hours', value: 30, version: start + 1 },
    });
    // Same value: nothing changes, not even the version.
    expect(await app.setSetting(admin, 'dedupe_window_hours', 30, start + 1)).toEqual({ key: 'dedupe_window_hours', value: 30, version: start + 1 });
    expect(await app.setSetting(admin, 'dedupe_window_hours', 24)).toEqual({ key: 'dedupe_window_hours', value: 24, version: start + 2 });
  });

  it('still says an unknown key is 404 and a bad value 422 before looking at the version', async () => {
    expect(await answer(app.setSetting(admin, 'no_such_setting', 1, 1))).toMatchObject({ status: 404 });
    expect(await answer(app.setSetting(admin, 'dedupe_window_hours', -1, 999))).toMatchObject({ status: 422 });
  });
});

describe('set_state_caps', () => {
  it('saves from the current version (one version per save however many caps change), refuses an older one with the caps as they are now, and without a version the last write wins', async () => {
    const start = await app.getStateCaps(manager);

    const fresh = await app.setStateCaps(manager, { CA: 7, TX: 3, NY: null }, start.version);
    expect(fresh).toEqual({ caps: { ...start.caps, CA: 7, TX: 3 }, version: start.version + 1 });
    expect(await app.getStateCaps(manager)).toEqual(fresh);

    expect(await answer(app.setStateCaps(manager, { CA: 1 }, start.version))).toEqual({
      status: 409,
      error: 'conflict',
      message: `state caps were changed by someone else since version ${start.version} (they are at version ${start.version + 1} now)`,
      current: { ...start.caps, CA: 7, TX: 3, version: start.version + 1 },
    });

    expect(await app.setStateCaps(manager, { TX: null })).toEqual({ caps: { ...start.caps, CA: 7 }, version: start.version + 2 });
    // A save that changes nothing keeps the version.
    expect((await app.setStateCaps(manager, { CA: 7 }, start.version + 2)).version).toBe(start.version + 2);
  });
});

describe('save_scoring_rules', () => {
  it('saves from the current version as the next one, refuses an older one with the rules as they are now, and without a version the last write wins', async () => {
    const start = await rulesNow();
    const rules = start.rules.map(({ version: _version, ...rule }) => rule);

    expect(await app.saveScoringRules(manager, [...rules, { event_type: 'demo_booked', points: 40 }], start.version)).toBe(start.version + 1);
    const now = await rulesNow();
    expect(now.rules).toContainEqual({ event_type: 'demo_booked', points: 40, max_per_lead: null, window_days: null, active: true, version: start.version + 1 });

    expect(await answer(app.saveScoringRules(manager, rules, start.version))).toEqual({
      status: 409,
      error: 'conflict',
      message: `scoring rules were changed by someone else since version ${start.version} (they are at version ${start.version + 1} now)`,
      current: now,
    });
    expect(await rulesNow()).toEqual(now);

    expect(await app.saveScoringRules(manager, rules)).toBe(start.version + 2);
  });
});

describe('concurrent saves from the same version', () => {
  const SAVES = 12;

  /** Each kind of record: its version now, one save per index (each a different change), the record now as a 409 shows it. */
  const kinds: [string, () => Promise<{ version: number; save: (i: number) => Promise<unknown>; now: () => Promise<Record<string, unknown>> }>][] = [
    ['a caller', async () => {
      const { id, version } = await app.saveCaller(manager, null, { name: 'Contended' });
      return { version, save: (i) => app.saveCaller(manager, id, { daily_lead_limit: 100 + i }, version), now: () => callerNow(id) };
    }],
    ['a setting', async () => {
      const { version } = await settingNow('return_window_days');
      return {
        version: version as number,
        save: (i) => app.setSetting(admin, 'return_window_days', 100 + i, version as number),
        now: () => settingNow('return_window_days'),
      };
    }],
    ['the state caps', async () => {
      const { version } = await app.getStateCaps(manager);
      return { version, save: (i) => app.setStateCaps(manager, { WY: 100 + i }, version), now: capsNow };
    }],
    ['the scoring rules', async () => {
      const { version, rules } = await rulesNow();
      const draft = rules.map(({ version: _version, ...rule }) => rule);
      return {
        version,
        save: (i) => app.saveScoringRules(manager, [...draft.filter((rule) => rule.event_type !== 'contended'), { event_type: 'contended', points: 100 + i }], version),
        now: rulesNow,
      };
    }],
  ];

  it.each(kinds)('let exactly one save of %s win; the others get 409 with the current values', async (_kind, setup) => {
    const { version, save, now } = await setup();
    const results = await Promise.allSettled(Array.from({ length: SAVES }, (_, i) => save(i)));

    const won = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    const current = await now();
    expect(current.version).toBe(version + 1);
    expect(JSON.stringify(current)).toContain(String(100 + won[0]!));
    const losers = results.flatMap((result) => (result.status === 'rejected' ? [errorFields(mapError(result.reason))] : []));
    expect(losers).toHaveLength(SAVES - 1);
    for (const loser of losers) expect(loser).toEqual({ error: 'conflict', message: expect.stringContaining('changed by someone else'), current });
  });
});
