import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN, type Viewer } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import { createMember } from '../support/members';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const hash = (c: string) => c.repeat(64);

describe('source management functions', () => {
  let db: TestDatabase;
  let manager: Viewer;
  beforeAll(async () => {
    db = await createTestDatabase();
    manager = await createMember(db.sql, 'manager');
  });
  afterAll(() => db.drop());
  const sourceId = async (name: string) => (await db.sql<{ id: string }[]>`select id from public.sources where name = ${name}`)[0]!.id;

  it('lets an admin create a source with a hashed secret, never handing the hash back', async () => {
    const [row] = await withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.create_source('landing', ${hash('a')}) as source`);
    expect(row!.source).toMatchObject({ name: 'landing', kind: 'webhook', active: true, rotating: false });
    expect(Object.keys(row!.source)).not.toContain('secret_hash');
    const [stored] = await db.sql`select secret_hash from public.sources where name = 'landing'`;
    expect(stored!.secret_hash).toBe(hash('a'));
  });

  it('lets signed-in users read sources but not their secret hashes', async () => {
    const rows = await withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select name, rotating from public.sources where name = 'landing'`);
    expect(rows).toEqual([{ name: 'landing', rotating: false }]);
    await expect(withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select secret_hash from public.sources`)).rejects.toThrow(/permission denied for table sources/);
  });

  it('refuses managers, bad names and taken names', async () => {
    await expect(withViewer(db.sql, manager, (tx) => tx`select public.create_source('x', ${hash('b')})`)).rejects.toMatchObject({
      code: 'PT403', message: 'only admins can manage sources',
    });
    await expect(withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.create_source('Bad Name', ${hash('b')})`)).rejects.toMatchObject({ code: 'PT400' });
    await expect(withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.create_source('landing', ${hash('b')})`)).rejects.toMatchObject({
      code: 'PT409', message: 'a source named landing already exists',
    });
  });

  it('keeps the old secret valid through a rotation until it ends', async () => {
    const id = await sourceId('landing');
    const stored = async () => (await db.sql`select secret_hash, previous_secret_hash, active from public.sources where id = ${id}`)[0];
    const [rotated] = await withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.update_source(${id}, ${hash('c')}) as source`);
    expect(rotated!.source).toMatchObject({ rotating: true });
    expect(await stored()).toEqual({ secret_hash: hash('c'), previous_secret_hash: hash('a'), active: true });
    await withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.update_source(${id}, null, true)`);
    expect(await stored()).toEqual({ secret_hash: hash('c'), previous_secret_hash: null, active: true });
    await withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.update_source(${id}, p_active => false)`);
    expect(await stored()).toEqual({ secret_hash: hash('c'), previous_secret_hash: null, active: false });
  });

  it('refuses to rotate internal sources or an unknown id', async () => {
    const id = await sourceId('dashboard');
    await expect(withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.update_source(${id}, ${hash('d')})`)).rejects.toMatchObject({ code: 'PT409' });
    await expect(withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.update_source('00000000-0000-4000-8000-000000000000', ${hash('d')})`)).rejects.toMatchObject({ code: 'PT404' });
  });

  it('adds leads by hand under internal sources only, stamped with who did it', async () => {
    const intake = { request_id: 'r', raw_body: '{}', payload: {}, headers: { actor: 'someone-else' } };
    const [added] = await withViewer(db.sql, manager, (tx) => tx`select public.add_lead('dashboard', ${tx.json(intake)}, ${tx.json({ first_name: 'Stamped' })}) as r`);
    const [row] = await db.sql`select headers from public.lead_intake where id = ${added!.r.intake_id}`;
    expect(row!.headers).toEqual({ actor: manager.email });
    await expect(withViewer(db.sql, manager, (tx) => tx`select public.add_lead('landing', ${tx.json(intake)}, ${tx.json({})})`)).rejects.toMatchObject({
      code: 'PT404', message: 'unknown internal source landing',
    });
  });

  it('lets staff add leads by hand and replay intakes, but not callers', async () => {
    const [record] = await db.sql<{ id: string }[]>`insert into public.callers (name) values ('Cal') returning id`;
    const caller = await createMember(db.sql, 'caller', { callerId: record!.id });
    const intake = { request_id: 'r', raw_body: '{}', payload: {}, headers: {} };
    const [added] = await withViewer(db.sql, manager, (tx) => tx`select public.add_lead('dashboard', ${tx.json(intake)}, ${tx.json({ first_name: 'M' })}) as r`);
    expect(added!.r).toMatchObject({ outcome: 'created' });
    await expect(withViewer(db.sql, caller, (tx) => tx`select public.add_lead('dashboard', ${tx.json(intake)}, ${tx.json({})})`)).rejects.toMatchObject({
      code: 'PT403', message: 'only admins and managers can add leads',
    });
    await expect(withViewer(db.sql, caller, (tx) => tx`select public.replay_intake(${added!.r.intake_id}, ${tx.json(intake)}, ${tx.json({})})`)).rejects.toMatchObject({ code: 'PT403' });
  });
});
