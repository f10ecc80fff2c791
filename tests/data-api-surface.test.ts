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

  const publicFunctions = () => db.sql<{ signature: string; anon: boolean; comment: string | null }[]>`
    select p.oid::regprocedure::text as signature,
           has_function_privilege('anon', p.oid, 'execute') as anon,
           obj_description(p.oid, 'pg_proc') as comment
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

  it('holds exactly the RPCs a dashboard, a webhook or an admin calls (internals live in private)', async () => {
    const names = [...new Set((await publicFunctions()).map((f) => f.signature.replace(/\(.*$/, '')))];
    expect(names).toEqual([
      'add_lead', 'add_leads', 'add_member', 'app_time_zone', 'assign_lead_atomic', 'assign_lead_manual', 'assign_next_stock_lead', 'assign_stock',
      'caller_loads', 'create_api_key', 'create_order', 'create_source', 'delete_order', 'find_lead', 'fulfill_order', 'ingest_lead', 'ingest_leads',
      'lead_next_steps', 'lead_scores', 'one_time_rule', 'order_json', 'overview_stats', 'preview_scores', 'reassign_stale_leads', 'recompute_scores',
      'record_lead_event', 'replay_intake', 'rescore_step', 'return_leads', 'revoke_api_key', 'routing_candidates', 'run_due_automations', 'save_caller',
      'save_scoring_rules', 'set_setting', 'set_source_rate_limit', 'set_state_caps', 'start_rescore', 'unassign_lead', 'update_lead_status', 'update_member',
      'update_source',
    ]);
  });

  it('pins the search path of every security definer function, and has each public one check the role first', async () => {
    const definers = await db.sql<{ signature: string; pinned: boolean; checks_role: boolean; schema: string }[]>`
      select p.oid::regprocedure::text as signature, n.nspname as schema,
             coalesce(p.proconfig @> array['search_path=""'], false) as pinned,
             p.prosrc like '%private.assert_app_role(%' as checks_role
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname in ('public', 'private')
      order by 1`;
    expect(definers.length).toBeGreaterThan(15);
    expect(definers.filter((d) => !d.pinned).map((d) => d.signature)).toEqual([]);
    // app_time_zone reads one setting every member may know (times are shown in it).
    expect(definers.filter((d) => d.schema === 'public' && !d.checks_role).map((d) => d.signature)).toEqual(['app_time_zone()']);
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
