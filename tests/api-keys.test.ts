import type { TransactionSql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, viewerForApiKey } from '@/lib/auth/api-keys';
import { LOCAL_ADMIN, type AppRole, type Viewer } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import { createMember } from './support/members';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** Limits count per clock minute: a burst started in a minute's last seconds could span two. */
async function awayFromMinuteBoundary(): Promise<void> {
  const seconds = new Date().getSeconds();
  if (seconds >= 55) await new Promise((resolve) => setTimeout(resolve, (61 - seconds) * 1000));
}

let db: TestDatabase;
let mine: string;
const as = <T>(viewer: Viewer, fn: (tx: TransactionSql) => Promise<T>) => withViewer(db.sql, viewer, fn);

/** A key made by the admin, and the viewer a request with it becomes. */
async function makeKey(role: AppRole, options: { callerId?: string; limit?: number } = {}) {
  const made = generateApiKey();
  const [row] = await as(LOCAL_ADMIN, (tx) => tx`
    select public.create_api_key(${`key ${made.key.slice(4, 12)}`}, ${made.hash}, ${made.prefix}, ${role}, ${options.callerId ?? null}, ${options.limit ?? 600}) as k`);
  const key = row!.k as { id: string; name: string; role: AppRole; caller_id: string | null };
  return { ...key, secret: made.key, viewer: viewerForApiKey(key) };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const [a, b] = await db.sql<{ id: string }[]>`insert into public.callers (name) values ('Mine'), ('Theirs') returning id`;
  mine = a!.id;
  for (const [name, caller] of [['Ann', a!.id], ['Bob', b!.id]] as const) {
    const [lead] = await db.sql<{ id: string }[]>`insert into public.leads (first_name) values (${name}) returning id`;
    await db.sql`select public.assign_lead_manual(${lead!.id}, ${caller})`;
  }
});
afterAll(() => db.drop());

describe('API keys', () => {
  it('are made by admins only, and nobody signed in can read a hash back', async () => {
    const key = await makeKey('manager');
    expect(key).not.toHaveProperty('key_hash');
    const manager = await createMember(db.sql, 'manager');
    await expect(as(manager, (tx) => tx`select public.create_api_key('x', ${hashApiKey('x')}, 'lok_abcd', 'manager')`)).rejects.toMatchObject({ code: 'PT403' });
    await expect(as(LOCAL_ADMIN, (tx) => tx`select key_hash from public.api_keys`)).rejects.toThrow(/permission denied/);
    expect(await as(LOCAL_ADMIN, (tx) => tx`select name from public.api_keys where id = ${key.id}`)).toEqual([{ name: key.name }]);
    expect(await as(manager, (tx) => tx`select id from public.api_keys`)).toEqual([]);
    await expect(as(LOCAL_ADMIN, (tx) => tx`select public.create_api_key(${key.name}, ${hashApiKey('y')}, 'lok_abcd', 'manager')`)).rejects.toMatchObject({ code: 'PT409' });
    await expect(as(LOCAL_ADMIN, (tx) => tx`select public.create_api_key('c', ${hashApiKey('z')}, 'lok_abcd', 'caller')`)).rejects.toMatchObject({ code: 'PT422' });
  });

  it('act with their role under RLS: a caller key sees its caller\'s leads only', async () => {
    const manager = await makeKey('manager');
    const caller = await makeKey('caller', { callerId: mine });
    const names = (viewer: Viewer) => as(viewer, async (tx) => (await tx`select first_name from public.leads order by 1`).map((row) => row.first_name));
    expect(await names(manager.viewer)).toEqual(['Ann', 'Bob']);
    expect(await names(caller.viewer)).toEqual(['Ann']);
    await expect(as(caller.viewer, (tx) => tx`select public.save_caller(null, '{"name":"X"}')`)).rejects.toMatchObject({ code: 'PT403' });
  });

  it('stop working when revoked, and a user token cannot pose as one', async () => {
    const key = await makeKey('manager');
    const poser: Viewer = { ...key.viewer, claims: { sub: key.id, role: 'authenticated' } };
    expect(await as(poser, (tx) => tx`select id from public.leads`)).toEqual([]);
    await as(LOCAL_ADMIN, (tx) => tx`select public.revoke_api_key(${key.id})`);
    expect(await as(key.viewer, (tx) => tx`select id from public.leads`)).toEqual([]);
    expect(await db.sql`select * from private.authenticate_api_key(${hashApiKey(key.secret)})`).toEqual([]);
  });

  it('are found by hash, stamped as used, and counted against their limit per minute', async () => {
    const key = await makeKey('manager', { limit: 3 });
    await awayFromMinuteBoundary();
    const waits = [];
    for (let i = 0; i < 5; i += 1) {
      const [row] = await db.sql`select * from private.authenticate_api_key(${hashApiKey(key.secret)})`;
      expect(row).toMatchObject({ id: key.id, role: 'manager' });
      waits.push(row!.retry_after as number);
    }
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    for (const wait of waits.slice(3)) {
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(60);
    }
    const [used] = await db.sql`select last_used_at from public.api_keys where id = ${key.id}`;
    expect(used!.last_used_at).toBeInstanceOf(Date);
  });

  it('let exactly the limit through when requests race', async () => {
    const key = await makeKey('manager', { limit: 20 });
    await awayFromMinuteBoundary();
    const rows = await Promise.all(Array.from({ length: 60 }, () => db.sql`select retry_after from private.authenticate_api_key(${hashApiKey(key.secret)})`));
    const allowed = rows.filter(([row]) => row!.retry_after === 0).length;
    expect(allowed).toBe(20);
  });
});
