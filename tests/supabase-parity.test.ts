import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('local Supabase bootstrap', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('has the Supabase roles, service_role bypassing RLS', async () => {
    const roles = await db.sql<{ rolname: string; rolbypassrls: boolean; rolcanlogin: boolean }[]>`
      select rolname, rolbypassrls, rolcanlogin from pg_roles
      where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by rolname`;
    expect(roles).toEqual([
      { rolname: 'anon', rolbypassrls: false, rolcanlogin: false },
      { rolname: 'authenticated', rolbypassrls: false, rolcanlogin: false },
      { rolname: 'authenticator', rolbypassrls: false, rolcanlogin: true },
      { rolname: 'service_role', rolbypassrls: true, rolcanlogin: false },
    ]);
  });

  it('reads auth.uid(), auth.role() and auth.jwt() from request.jwt.claims', async () => {
    const claims = { sub: '11111111-1111-4111-8111-111111111111', role: 'authenticated', email: 'a@b.c' };
    const [row] = await db.sql.begin((tx) => tx`
      select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
             auth.uid() as uid, auth.role() as role, auth.jwt() ->> 'email' as email`);
    expect(row).toMatchObject({ uid: claims.sub, role: 'authenticated', email: 'a@b.c' });
  });

  it('still honours the legacy request.jwt.claim.sub', async () => {
    const [row] = await db.sql.begin((tx) => tx`
      select set_config('request.jwt.claim.sub', '22222222-2222-4222-8222-222222222222', true), auth.uid() as uid`);
    expect(row!.uid).toBe('22222222-2222-4222-8222-222222222222');
  });

  it('returns null identities when no claims are set', async () => {
    const [row] = await db.sql`select auth.uid() as uid, auth.role() as role, auth.jwt() as jwt`;
    expect(row).toEqual({ uid: null, role: null, jwt: null });
  });

  it('puts pgcrypto and uuid-ossp in the extensions schema', async () => {
    const rows = await db.sql`
      select e.extname, n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where e.extname in ('pgcrypto', 'uuid-ossp') order by e.extname`;
    expect(rows).toEqual([
      { extname: 'pgcrypto', nspname: 'extensions' },
      { extname: 'uuid-ossp', nspname: 'extensions' },
    ]);
    const [row] = await db.sql`select extensions.uuid_generate_v4() is not null as generated`;
    expect(row!.generated).toBe(true);
  });

  it('grants new public tables to anon like Supabase, so a revoke means the same here', async () => {
    await db.sql`create table public.parity_probe (id int)`;
    const [row] = await db.sql`
      select has_table_privilege('anon', 'public.parity_probe', 'select') as anon_select,
             has_table_privilege('authenticated', 'public.parity_probe', 'insert') as auth_insert`;
    expect(row).toEqual({ anon_select: true, auth_insert: true });
    await db.sql`revoke all on public.parity_probe from anon`;
    const [after] = await db.sql`select has_table_privilege('anon', 'public.parity_probe', 'select') as anon_select`;
    expect(after!.anon_select).toBe(false);
  });

  it('has the supabase_realtime publication', async () => {
    const rows = await db.sql`select pubname from pg_publication where pubname = 'supabase_realtime'`;
    expect(rows).toHaveLength(1);
  });

  it('runs with wal_level=logical for realtime', async () => {
    const [row] = await db.sql`select current_setting('wal_level') as level`;
    expect(row!.level).toBe('logical');
  });
});
