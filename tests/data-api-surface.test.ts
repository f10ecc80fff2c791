import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// On Supabase every function in `public` is an endpoint of the Data API: these tests read the
// catalog of the migrated database and hold the line on what is exposed there.
describe('the Data API surface', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const publicFunctions = () => db.sql<{ signature: string; anon: boolean; comment: string | null; granted: boolean }[]>`
    select p.oid::regprocedure::text as signature,
           has_function_privilege('anon', p.oid, 'execute') as anon,
           obj_description(p.oid, 'pg_proc') as comment,
           has_function_privilege('authenticated', p.oid, 'execute')
             or has_function_privilege('service_role', p.oid, 'execute') as granted
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public'
    order by 1`;

  it('has public functions to check (the query is not vacuous)', async () => {
    const names = (await publicFunctions()).map((f) => f.signature);
    expect(names).toContain('fulfill_order(uuid)');
    expect(names.length).toBeGreaterThan(25);
  });

  it('lets anon execute no function in public', async () => {
    const open = (await publicFunctions()).filter((f) => f.anon).map((f) => f.signature);
    expect(open).toEqual([]);
  });

  it('documents every public function with a comment', async () => {
    const bare = (await publicFunctions()).filter((f) => !f.comment?.trim()).map((f) => f.signature);
    expect(bare).toEqual([]);
  });

  it('keeps internals out of public', async () => {
    const names = (await publicFunctions()).map((f) => f.signature.replace(/\(.*$/, ''));
    for (const internal of [
      'lead_for_update', 'order_for_update', 'allocate_order', 'rescore_leads', 'stamp_actor', 'setting_text',
      'actor_or', 'local_day_start', 'order_customer_key', 'order_state_caps', 'scoring_version', 'source_json',
      'valid_working_hours', 'current_app_role', 'is_staff', 'assert_app_role', 'set_updated_at',
    ]) {
      expect(names).not.toContain(internal);
    }
  });

  it('gives nobody but the owner and signed-in sessions the private schema, and anon nothing in it', async () => {
    const [row] = await db.sql`
      select has_schema_privilege('anon', 'private', 'usage') as anon_usage,
             has_function_privilege('authenticated', 'private.allocate_order(uuid)', 'execute') as allocate,
             has_function_privilege('authenticated', 'private.lead_for_update(uuid)', 'execute') as lock_lead,
             (select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace
               where n.nspname = 'private' and has_function_privilege('anon', p.oid, 'execute')) as anon_executable`;
    expect(row).toEqual({ anon_usage: false, allocate: false, lock_lead: false, anon_executable: 0 });
  });

  it('denies anon a function added later without a grant (default privileges)', async () => {
    await db.sql`create function public.probe_default_privileges() returns int language sql as 'select 1'`;
    const [row] = await db.sql`
      select has_function_privilege('anon', 'public.probe_default_privileges()', 'execute') as anon,
             has_function_privilege('authenticated', 'public.probe_default_privileges()', 'execute') as authenticated`;
    expect(row).toEqual({ anon: false, authenticated: false });
    await db.sql`drop function public.probe_default_privileges()`;
  });
});
