import { readFile } from 'node:fs/promises';
import type { TransactionSql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN, type Viewer } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import { SEED_FILE } from '@/scripts/lib/paths';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Every table and every RPC of the Data API, read from the catalog, tried as each role against
// the demo data: a table or function added later is covered without touching this file.

/** Tables a caller reads in part: what each visible row must satisfy. */
const CALLERS_OWN: Record<string, string> = {
  leads: 'assigned_caller_id = private.viewer_caller_id()',
  lead_assignments: 'lead_id in (select id from public.leads where assigned_caller_id = private.viewer_caller_id())',
  lead_status_history: 'lead_id in (select id from public.leads where assigned_caller_id = private.viewer_caller_id())',
  lead_events: 'lead_id in (select id from public.leads where assigned_caller_id = private.viewer_caller_id())',
  lead_score_history: 'lead_id in (select id from public.leads where assigned_caller_id = private.viewer_caller_id())',
  callers: 'id = private.viewer_caller_id()',
  members: 'user_id = auth.uid()',
};
/** Reference data every member reads whole. */
const SHARED = ['us_states', 'business_lines', 'lead_status_transitions'];
/** Definer RPCs a caller may call: the time zone, and the status of their own leads. */
const CALLER_RPCS = ['app_time_zone', 'update_lead_status'];

let db: TestDatabase;
let tables: string[];
let caller: Viewer;
let manager: Viewer;

const as = <T>(viewer: Viewer | 'anon', fn: (tx: TransactionSql) => Promise<T>) =>
  viewer === 'anon'
    ? db.sql.begin(async (tx) => {
        await tx`set local role anon`;
        return fn(tx);
      }) as Promise<T>
    : withViewer(db.sql, viewer, fn);

/** The SQLSTATE a statement fails with, or the number of rows it touched. */
async function attempt(viewer: Viewer | 'anon', statement: string): Promise<string | number> {
  try {
    return (await as(viewer, (tx) => tx.unsafe(statement))).count;
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  const seed = await readFile(SEED_FILE, 'utf8');
  await db.sql.begin((tx) => tx.unsafe(seed).simple());
  tables = (await db.sql<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`).map((row) => row.name);
  const members = async (role: string) => (await db.sql<{ user_id: string; email: string; caller_id: string | null }[]>`
    select m.user_id, m.email, m.caller_id from public.members m
    where m.role = ${role} and m.active
    order by (select count(*) from public.leads l where l.assigned_caller_id = m.caller_id) desc limit 1`)[0]!;
  const c = await members('caller');
  caller = { userId: c.user_id, email: c.email, role: 'caller', callerId: c.caller_id };
  const m = await members('manager');
  manager = { userId: m.user_id, email: m.email, role: 'manager', callerId: null };
}, 60_000);
afterAll(() => db.drop());

describe('tables, as each role', () => {
  it('covers the tables that matter (the catalog query is not vacuous)', () => {
    expect(tables).toEqual(expect.arrayContaining(['leads', 'callers', 'orders', 'members', 'api_keys', 'lead_intake', 'sources']));
  });

  it('gives anon nothing to read or write', async () => {
    for (const table of tables) {
      const read = await attempt('anon', `select 1 from public.${table}`);
      expect([0, '42501'], `anon reads ${table}`).toContain(read);
      expect(await attempt('anon', `insert into public.${table} default values`), `anon inserts into ${table}`).toBe('42501');
      expect([0, '42501'], `anon deletes from ${table}`).toContain(await attempt('anon', `delete from public.${table}`));
    }
  });

  it('lets no member write any table directly: every change goes through an RPC that checks the role', async () => {
    for (const viewer of [caller, manager, LOCAL_ADMIN]) {
      for (const table of tables) {
        const [column] = await db.sql<{ name: string }[]>`
          select attname as name from pg_attribute
          where attrelid = ${`public.${table}`}::regclass and attnum > 0 and not attisdropped and attgenerated = '' and attidentity = ''
          order by attnum limit 1`;
        expect(await attempt(viewer, `insert into public.${table} default values`), `${viewer.role} inserts into ${table}`).toBe('42501');
        expect([0, '42501'], `${viewer.role} updates ${table}`).toContain(await attempt(viewer, `update public.${table} set ${column!.name} = ${column!.name}`));
        expect([0, '42501'], `${viewer.role} deletes from ${table}`).toContain(await attempt(viewer, `delete from public.${table}`));
      }
    }
  });

  it('shows a caller only their own rows, reference data, and nothing else', async () => {
    const seen: Record<string, number> = {};
    for (const table of tables) {
      const total = (await db.sql.unsafe(`select count(*)::int as n from public.${table}`))[0]!.n as number;
      const visible = (await as(caller, (tx) => tx.unsafe(`select count(*)::int as n from public.${table}`)))[0]!.n as number;
      seen[table] = visible;
      if (SHARED.includes(table)) {
        expect(visible, table).toBe(total);
      } else if (CALLERS_OWN[table]) {
        const foreign = (await as(caller, (tx) => tx.unsafe(`select count(*)::int as n from public.${table} where not (${CALLERS_OWN[table]})`)))[0]!.n;
        expect(foreign, `another caller's rows in ${table}`).toBe(0);
      } else {
        expect(visible, `rows of ${table} a caller may not see`).toBe(0);
      }
    }
    // Not vacuous: the demo caller has leads, their history and their own record.
    for (const table of ['leads', 'lead_assignments', 'lead_status_history', 'callers', 'members']) expect(seen[table], table).toBeGreaterThan(0);
  });

  it('shows staff every row of the tables they manage, and admins the keys', async () => {
    for (const table of ['leads', 'callers', 'orders', 'order_leads', 'lead_intake', 'members', 'sources']) {
      const total = (await db.sql.unsafe(`select count(*)::int as n from public.${table}`))[0]!.n;
      const visible = (await as(manager, (tx) => tx.unsafe(`select count(*)::int as n from public.${table}`)))[0]!.n;
      expect(visible, table).toBe(total);
    }
    // Not vacuous: a key exists, which admins see and managers do not.
    await as(LOCAL_ADMIN, (tx) => tx`select public.create_api_key('rls probe', ${'a'.repeat(64)}, 'lok_abcd', 'manager')`);
    expect(await attempt(LOCAL_ADMIN, 'select id from public.api_keys')).toBe(1);
    expect(await attempt(manager, 'select id from public.api_keys')).toBe(0);
  });
});

describe('RPCs, as a caller', () => {
  it('refuses every definer RPC a caller has no use for, before it does anything; the others run under RLS', async () => {
    const functions = await db.sql<{ name: string; kind: string; args: string; definer: boolean }[]>`
      select p.proname as name, p.prokind as kind, p.prosecdef as definer,
             coalesce((select string_agg('null::' || format_type(t, null), ', ' order by i)
                       from unnest(p.proargtypes) with ordinality as a(t, i)), '') as args
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and has_function_privilege('authenticated', p.oid, 'execute')
      order by 1`;
    expect(functions.length).toBeGreaterThan(25);
    // An invoker function reads and writes with the caller's own rights: RLS, tested above, decides.
    const invokers = functions.filter((f) => !f.definer).map((f) => f.name);
    expect(invokers).toEqual(['caller_loads', 'find_lead', 'lead_next_steps', 'lead_scores', 'order_json', 'overview_stats', 'preview_scores', 'routing_candidates']);
    const outcomes: Record<string, string | number> = {};
    for (const fn of functions.filter((f) => f.definer && !CALLER_RPCS.includes(f.name))) {
      const call = fn.kind === 'p' ? `call public.${fn.name}(${fn.args})` : `select public.${fn.name}(${fn.args})`;
      outcomes[fn.name] = await attempt(caller, call);
    }
    const allowed = Object.entries(outcomes).filter(([, outcome]) => outcome !== 'PT403' && outcome !== '42501');
    expect(allowed).toEqual([]);
  });
});
