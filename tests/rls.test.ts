import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN, type Viewer } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import { createMember } from './support/members';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('row level security', () => {
  let db: TestDatabase;
  let manager: Viewer;
  let caller: Viewer;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.sql`insert into public.leads (first_name, state) values ('Rita', 'CA'), ('Sam', 'TX')`;
    const [record] = await db.sql<{ id: string }[]>`insert into public.callers (name) values ('Cal') returning id`;
    manager = await createMember(db.sql, 'manager');
    caller = await createMember(db.sql, 'caller', { callerId: record!.id });
  });
  afterAll(() => db.drop());

  it('is enabled on every table in public', async () => {
    const rows = await db.sql<{ relname: string }[]>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity`;
    expect(rows.map((row) => row.relname)).toEqual([]);
  });

  it('withViewer runs as authenticated with the viewer claims', async () => {
    const [row] = await withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`
      select current_user as role, auth.uid() as uid, private.current_app_role() as app_role`);
    expect(row).toEqual({ role: 'authenticated', uid: LOCAL_ADMIN.userId, app_role: 'admin' });
  });

  it('lets staff read leads', async () => {
    for (const viewer of [LOCAL_ADMIN, manager]) {
      const rows = await withViewer(db.sql, viewer, (tx) => tx`select first_name from public.leads order by first_name`);
      expect(rows.map((row) => row.first_name)).toEqual(['Rita', 'Sam']);
    }
  });

  it('shows a caller none of the leads that are not theirs', async () => {
    const rows = await withViewer(db.sql, caller, (tx) => tx`select id from public.leads`);
    expect(rows).toEqual([]);
  });

  it('does not let staff write tables directly (state changes go through functions)', async () => {
    await expect(
      withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`insert into public.leads (first_name) values ('Sneaky')`),
    ).rejects.toThrow(/row-level security/);
  });

  it('gives anon nothing', async () => {
    const rows = await db.sql.begin(async (tx) => {
      await tx`set local role anon`;
      return tx`select id from public.leads`;
    });
    expect(rows).toEqual([]);
  });

  it('keeps the overview function closed to anon', async () => {
    await expect(
      db.sql.begin(async (tx) => {
        await tx`set local role anon`;
        return tx`select public.overview_stats()`;
      }),
    ).rejects.toThrow(/permission denied for function overview_stats/);
  });
});
