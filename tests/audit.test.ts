import { createHash, randomUUID } from 'node:crypto';
import type { TransactionSql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTables, leadTrail, listAudit, listAuditQuery } from '@/lib/audit/list-audit';
import { viewerForApiKey } from '@/lib/auth/api-keys';
import { LOCAL_ADMIN, type Viewer } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import { createMember } from './support/members';
import { createTestDatabase, type TestDatabase } from './support/test-database';

interface Audit {
  table_name: string;
  action: string;
  row_id: string;
  changes: Record<string, unknown>;
  actor: string;
  actor_kind: string;
  client_ip: string | null;
}

let db: TestDatabase;
let consoleUser: string;
const as = <T>(viewer: Viewer, fn: (tx: TransactionSql) => Promise<T>) => withViewer(db.sql, viewer, fn);
const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/** The newest audit id: rows written after it are what the next step did. */
async function mark(): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`select coalesce(max(id), 0)::text as id from public.audit_log`;
  return row!.id;
}
function since(id: string): Promise<Audit[]> {
  return db.sql<Audit[]>`
    select table_name, action, row_id, changes, actor, actor_kind, client_ip
    from public.audit_log where id > ${id}::bigint order by id`;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const [row] = await db.sql<{ user: string }[]>`select session_user as user`;
  consoleUser = row!.user;
});
afterAll(() => db.drop());

describe('every core table is audited', () => {
  // One insert, one update of one field and one delete per table, as the SQL console makes them.
  interface Case {
    table: string;
    insert: string;
    inserted: Record<string, unknown>;
    update: string;
    changed: Record<string, { old: unknown; new: unknown }>;
    delete: string;
  }
  let order: string;
  let lead: string;
  const cases = (): Case[] => [
    {
      table: 'leads',
      insert: `insert into public.leads (first_name, state) values ('Ada', 'CA') returning id::text as row_id`,
      inserted: { first_name: 'Ada', state: 'CA', status: 'new' },
      update: `update public.leads set first_name = 'Ava' where id = $1`,
      changed: { first_name: { old: 'Ada', new: 'Ava' } },
      delete: `delete from public.leads where id = $1`,
    },
    {
      table: 'callers',
      insert: `insert into public.callers (name, daily_lead_limit) values ('Audited caller', 5) returning id::text as row_id`,
      inserted: { name: 'Audited caller', daily_lead_limit: 5 },
      update: `update public.callers set daily_lead_limit = 6 where id = $1`,
      changed: { daily_lead_limit: { old: 5, new: 6 } },
      delete: `delete from public.callers where id = $1`,
    },
    {
      table: 'orders',
      insert: `insert into public.orders (customer_name, requested_states) values ('Buyer', '{CA}') returning id::text as row_id`,
      inserted: { customer_name: 'Buyer', requested_states: ['CA'], status: 'open' },
      update: `update public.orders set quantity = 3 where id = $1`,
      changed: { quantity: { old: null, new: 3 } },
      delete: `delete from public.orders where id = $1`,
    },
    {
      table: 'order_leads',
      insert: `insert into public.order_leads (order_id, lead_id) values ('${order}', '${lead}') returning order_id || '/' || lead_id as row_id`,
      inserted: { order_id: order, lead_id: lead, released_at: null },
      update: `update public.order_leads set release_kind = 'returned', release_reason = 'bad phone' where order_id || '/' || lead_id = $1`,
      changed: { release_kind: { old: null, new: 'returned' }, release_reason: { old: null, new: 'bad phone' } },
      delete: `delete from public.order_leads where order_id || '/' || lead_id = $1`,
    },
    {
      table: 'state_caps',
      insert: `insert into public.state_caps (state, cap) values ('WY', 5) returning state::text as row_id`,
      inserted: { state: 'WY', cap: 5 },
      update: `update public.state_caps set cap = 6 where state = $1`,
      changed: { cap: { old: 5, new: 6 } },
      delete: `delete from public.state_caps where state = $1`,
    },
    {
      table: 'app_settings',
      insert: `insert into public.app_settings (key, value) values ('audit_probe', '1') returning key as row_id`,
      inserted: { key: 'audit_probe', value: 1 },
      update: `update public.app_settings set value = '{"a": 2}' where key = $1`,
      changed: { value: { old: 1, new: { a: 2 } } },
      delete: `delete from public.app_settings where key = $1`,
    },
    {
      table: 'scoring_rules',
      insert: `insert into public.scoring_rules (event_type, points) values ('audit_probe', 3) returning event_type as row_id`,
      inserted: { event_type: 'audit_probe', points: 3, active: true },
      update: `update public.scoring_rules set points = 4 where event_type = $1`,
      changed: { points: { old: 3, new: 4 } },
      delete: `delete from public.scoring_rules where event_type = $1`,
    },
    {
      table: 'scoring_rule_versions',
      insert: `insert into public.scoring_rule_versions (version, rules, created_by) values (990, '[]', 'probe') returning version::text as row_id`,
      inserted: { version: 990, rules: [], created_by: 'probe' },
      update: `update public.scoring_rule_versions set created_by = 'someone else' where version = $1::int`,
      changed: { created_by: { old: 'probe', new: 'someone else' } },
      delete: `delete from public.scoring_rule_versions where version = $1::int`,
    },
    {
      table: 'sources',
      insert: `insert into public.sources (name, secret_hash) values ('audit-probe', '${hash('probe secret')}') returning id::text as row_id`,
      inserted: { name: 'audit-probe', active: true, secret_hash: '[redacted]', previous_secret_hash: null },
      update: `update public.sources set active = false where id = $1`,
      changed: { active: { old: true, new: false } },
      delete: `delete from public.sources where id = $1`,
    },
    {
      table: 'members',
      insert: `with u as (insert into auth.users (email) values ('audited@example.com') returning id)
               insert into public.members (user_id, email, role) select id, 'audited@example.com', 'manager' from u returning user_id::text as row_id`,
      inserted: { email: 'audited@example.com', role: 'manager', active: true },
      update: `update public.members set role = 'admin' where user_id = $1`,
      changed: { role: { old: 'manager', new: 'admin' } },
      delete: `delete from public.members where user_id = $1`,
    },
    {
      table: 'api_keys',
      insert: `insert into public.api_keys (name, prefix, key_hash, role, created_by)
               values ('audit probe', 'lok_abcd', '${hash('probe key')}', 'manager', 'test') returning id::text as row_id`,
      inserted: { name: 'audit probe', role: 'manager', rate_limit_per_minute: 600, key_hash: '[redacted]' },
      update: `update public.api_keys set rate_limit_per_minute = 60 where id = $1`,
      changed: { rate_limit_per_minute: { old: 600, new: 60 } },
      delete: `delete from public.api_keys where id = $1`,
    },
  ];

  beforeAll(async () => {
    [{ id: order }] = (await db.sql`insert into public.orders (customer_name, requested_states) values ('Fixture', '{NY}') returning id`) as unknown as [{ id: string }];
    [{ id: lead }] = (await db.sql`insert into public.leads (first_name) values ('Fixture') returning id`) as unknown as [{ id: string }];
  });

  it('covers the tables the Audit page offers, and no others', async () => {
    const rows = await db.sql<{ table: string }[]>`
      select distinct c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where t.tgfoid = 'private.audit_row_change'::regproc order by 1`;
    expect(rows.map((row) => row.table)).toEqual([...auditTables].sort());
    expect(cases().map((c) => c.table).sort()).toEqual([...auditTables].sort());
  });

  it('records the new row of an insert, only the changed fields of an update, and the old row of a delete', async () => {
    for (const c of cases()) {
      const start = await mark();
      const [{ row_id: rowId }] = (await db.sql.unsafe(c.insert)) as unknown as [{ row_id: string }];
      await db.sql.unsafe(c.update, [rowId]);
      await db.sql.unsafe(c.delete, [rowId]);
      const rows = await since(start);
      const context = `${c.table}: ${JSON.stringify(rows)}`;
      expect(rows.map((row) => [row.table_name, row.action, row.row_id]), context).toEqual([
        [c.table, 'insert', rowId], [c.table, 'update', rowId], [c.table, 'delete', rowId],
      ]);
      expect(rows[0]!.changes, context).toMatchObject(c.inserted);
      expect(rows[1]!.changes, context).toEqual(c.changed);
      expect(rows[2]!.changes, context).toMatchObject({ ...c.inserted, ...Object.fromEntries(Object.entries(c.changed).map(([k, v]) => [k, v.new])) });
      for (const row of rows) expect(row, context).toMatchObject({ actor: consoleUser, actor_kind: 'console', client_ip: null });
    }
  });

  it('writes nothing for an update that only touches bookkeeping, or changes nothing', async () => {
    const [caller] = await db.sql<{ id: string }[]>`insert into public.callers (name) values ('Round robin') returning id`;
    const [key] = await db.sql<{ id: string }[]>`
      insert into public.api_keys (name, prefix, key_hash, role, created_by)
      values ('bookkeeping', 'lok_abcd', ${hash('bookkeeping')}, 'manager', 'test') returning id`;
    const start = await mark();
    await db.sql`update public.callers set last_assigned_at = now() where id = ${caller!.id}`;
    await db.sql`update public.leads set updated_at = now() - interval '1 day', status_changed_at = now() where id = ${lead}`;
    // A score is derived from events; lead_score_history keeps its every change.
    await db.sql`update public.leads set score = score + 5 where id = ${lead}`;
    await db.sql`update public.api_keys set last_used_at = now() where id = ${key!.id}`;
    await db.sql`update public.app_settings set value = value`;
    await db.sql`select public.set_state_caps('{"CA": 4}')`;
    await db.sql`select public.set_state_caps('{"CA": 4}')`;
    // The same rules saved again: a new version, but no rule changed.
    const [rules] = await db.sql`select jsonb_agg(to_jsonb(r) - 'updated_at' - 'version') as rules from public.scoring_rules r`;
    await db.sql`select public.save_scoring_rules(${db.sql.json(rules!.rules)})`;
    expect((await since(start)).map((row) => [row.table_name, row.action])).toEqual([
      ['state_caps', 'insert'], ['scoring_rule_versions', 'insert'],
    ]);
  });
});

describe('the actor', () => {
  it('is the member who made the change, by email', async () => {
    const manager = await createMember(db.sql, 'manager');
    const start = await mark();
    await as(manager, (tx) => tx`select public.save_caller(null, '{"name": "By a manager", "daily_lead_limit": 3}')`);
    const rows = await since(start);
    expect(rows.map((row) => [row.table_name, row.action])).toEqual([['callers', 'insert'], ['callers', 'update']]);
    for (const row of rows) expect(row).toMatchObject({ actor: manager.email, actor_kind: 'member' });
  });

  it('is "api key <name>" for a request made with an API key', async () => {
    const [made] = await db.sql`select public.create_api_key('k', ${hash('api key k')}, 'lok_abcd', 'manager') as key`;
    const viewer = viewerForApiKey(made!.key as { id: string; name: string; role: 'manager'; caller_id: null });
    const start = await mark();
    await as(viewer, (tx) => tx`select public.set_state_caps('{"TX": 7}')`);
    expect(await since(start)).toEqual([{
      table_name: 'state_caps', action: 'insert', row_id: 'TX', changes: expect.objectContaining({ state: 'TX', cap: 7 }),
      actor: 'api key k', actor_kind: 'api_key', client_ip: null,
    }]);
  });

  it('is the source for a lead made by intake, and for routing it in the same call', async () => {
    const [source] = await db.sql<{ id: string }[]>`
      insert into public.sources (name, secret_hash) values ('landing-page', ${hash('landing')}) returning id`;
    await db.sql`update public.callers set active = false`;
    const [caller] = await db.sql<{ id: string }[]>`select id from public.save_caller(null, '{"name": "Pool", "daily_lead_limit": 100}')`;
    const start = await mark();
    const [row] = await db.sql`
      select public.ingest_lead(${source!.id}, '{"request_id": "audit-1", "raw_body": "{}"}', '{"first_name": "Ivy", "state": "CA"}') as r`;
    const result = row!.r as { lead_id: string; status: string };
    expect(result.status).toBe('assigned');
    const rows = await since(start);
    // The caller's round-robin stamp is bookkeeping: no row for it.
    expect(rows).toEqual([
      expect.objectContaining({ table_name: 'leads', action: 'insert', row_id: result.lead_id, actor: 'source landing-page', actor_kind: 'source' }),
      expect.objectContaining({
        table_name: 'leads', action: 'update', row_id: result.lead_id, actor: 'source landing-page', actor_kind: 'source',
        changes: { status: { old: 'new', new: 'assigned' }, assigned_caller_id: { old: null, new: caller!.id } },
      }),
    ]);
    expect(rows[0]!.changes).toMatchObject({ first_name: 'Ivy', state: 'CA', source_id: source!.id });
  });

  it('is the database user for the SQL console, and what the transaction names when it does', async () => {
    const [caller] = await db.sql<{ id: string }[]>`insert into public.callers (name) values ('Console made') returning id`;
    const start = await mark();
    await db.sql`update public.callers set name = 'Console renamed' where id = ${caller!.id}`;
    await db.sql.begin(async (tx) => {
      await tx`select set_config('leadops.actor', 'nightly cleanup', true), set_config('leadops.client_ip', '203.0.113.9', true)`;
      await tx`update public.callers set active = false where id = ${caller!.id}`;
    });
    expect((await since(start)).map(({ actor, actor_kind, client_ip, changes }) => ({ actor, actor_kind, client_ip, changes }))).toEqual([
      { actor: consoleUser, actor_kind: 'console', client_ip: null, changes: { name: { old: 'Console made', new: 'Console renamed' } } },
      { actor: 'nightly cleanup', actor_kind: 'system', client_ip: '203.0.113.9', changes: { active: { old: true, new: false } } },
    ]);
  });
});

describe('secrets', () => {
  it('never reach the log: source secrets through a rotation, and API key hashes', async () => {
    const [first, second, key] = [hash(`one ${randomUUID()}`), hash(`two ${randomUUID()}`), hash(`key ${randomUUID()}`)];
    const start = await mark();
    const [made] = await as(LOCAL_ADMIN, (tx) => tx`select public.create_source('rotating', ${first}) as s`);
    const id = (made!.s as { id: string }).id;
    await as(LOCAL_ADMIN, (tx) => tx`select public.update_source(${id}, ${second})`);
    await as(LOCAL_ADMIN, (tx) => tx`select public.update_source(${id}, null, true)`);
    await as(LOCAL_ADMIN, (tx) => tx`select public.create_api_key('secretive', ${key}, 'lok_abcd', 'manager')`);
    const rows = await since(start);
    expect(rows.map((row) => [row.table_name, row.action])).toEqual([
      ['sources', 'insert'], ['sources', 'update'], ['sources', 'update'], ['api_keys', 'insert'],
    ]);
    // A rotation still leaves its row: which secret columns changed, never their values.
    expect(rows[1]!.changes).toEqual({
      secret_hash: { old: '[redacted]', new: '[redacted]' },
      previous_secret_hash: { old: null, new: '[redacted]' },
      rotating: { old: false, new: true },
    });
    const all = JSON.stringify(await db.sql`select changes from public.audit_log`);
    for (const secret of [first, second, key, hash('probe secret'), hash('probe key')]) expect(all).not.toContain(secret);
    for (const row of rows) expect(row).toMatchObject({ actor: LOCAL_ADMIN.email, actor_kind: 'member' });
  });
});

describe('who may read and write the log', () => {
  it('lets nobody signed in, nor service_role, insert, change or delete a row', async () => {
    const manager = await createMember(db.sql, 'admin');
    expect((await as(manager, (tx) => tx`select count(*)::int as n from public.audit_log`))[0]!.n).toBeGreaterThan(0);
    const writes = [
      (tx: TransactionSql) => tx`insert into public.audit_log (table_name, action, row_id, changes, actor, actor_kind) values ('leads', 'insert', 'x', '{}', 'me', 'member')`,
      (tx: TransactionSql) => tx`update public.audit_log set actor = 'someone else'`,
      (tx: TransactionSql) => tx`delete from public.audit_log`,
      (tx: TransactionSql) => tx`truncate public.audit_log`,
    ];
    for (const write of writes) {
      await expect(as(manager, write)).rejects.toMatchObject({ code: '42501' });
      await expect(db.sql.begin(async (tx) => {
        await tx`set local role service_role`;
        return write(tx);
      })).rejects.toMatchObject({ code: '42501' });
    }
    await expect(db.sql.begin(async (tx) => {
      await tx`set local role anon`;
      return tx`select id from public.audit_log`;
    })).rejects.toMatchObject({ code: '42501' });
    // The trigger and the actor rules are internals: nobody signed in may call them.
    const [grants] = await db.sql`
      select has_function_privilege('authenticated', 'private.audit_row_change()', 'execute') as row_change,
             has_function_privilege('authenticated', 'private.audit_actor(text, jsonb)', 'execute') as actor`;
    expect(grants).toEqual({ row_change: false, actor: false });
  });

  it('shows managers the trail of what they manage, and only admins that of keys, sources, members and settings', async () => {
    const manager = await createMember(db.sql, 'manager');
    await db.sql`select public.set_setting('dedupe_window_hours', '25')`;
    await db.sql`select public.set_setting('dedupe_window_hours', '24')`;
    const tables = async (viewer: Viewer) => (await as(viewer, (tx) => tx<{ table_name: string }[]>`
      select distinct table_name from public.audit_log order by 1`)).map((row) => row.table_name);
    const all = await tables(LOCAL_ADMIN);
    expect(all).toEqual(expect.arrayContaining(['app_settings', 'members', 'callers', 'leads']));
    expect(await tables(manager)).toEqual(all.filter((table) => !['api_keys', 'sources', 'members', 'app_settings'].includes(table)));
  });

  it('shows a caller none of it, not even their own leads\' trail (it names staff and their addresses)', async () => {
    const [mine] = await db.sql<{ id: string }[]>`insert into public.callers (name) values ('Me') returning id`;
    const me = await createMember(db.sql, 'caller', { callerId: mine!.id });
    const [ours] = await db.sql<{ id: string }[]>`insert into public.leads (first_name) values ('Ours') returning id`;
    await db.sql`select public.assign_lead_manual(${ours!.id}, ${mine!.id})`;
    expect(await db.sql`select count(*)::int as n from public.audit_log where row_id = ${ours!.id}`).toEqual([{ n: 2 }]);
    expect(await as(me, (tx) => tx`select id from public.audit_log`)).toEqual([]);
    expect(await leadTrail(me, ours!.id, db.sql)).toEqual([]);
  });
});

describe('listAudit (the Audit page and GET /api/audit)', () => {
  it('filters by table, action, actor, row id and app-time-zone days, newest first, one page at a time', async () => {
    const manager = await createMember(db.sql, 'manager', { email: 'filter.tester@example.com' });
    const [callerRow] = await as(manager, (tx) => tx`select id from public.save_caller(null, '{"name": "Filtered", "daily_lead_limit": 1}')`);
    const callerId = callerRow!.id as string;
    await as(manager, (tx) => tx`select public.save_caller(${callerId}, '{"daily_lead_limit": 2}')`);
    const list = (query: Record<string, unknown>) => listAudit(LOCAL_ADMIN, listAuditQuery.parse(query), db.sql);

    const byActor = await list({ actor: 'FILTER.tester', table: 'callers', action: 'update', per_page: 1 });
    expect(byActor.total).toBe(2);
    expect(byActor.data).toEqual([expect.objectContaining({
      table_name: 'callers', action: 'update', row_id: callerId, actor: 'filter.tester@example.com',
      changes: { daily_lead_limit: { old: 1, new: 2 } },
    })]);
    const second = await list({ actor: 'filter.tester', table: 'callers', action: 'update', per_page: 1, page: 2 });
    expect(second.data[0]!.changes).toMatchObject({ daily_lead_limit: { old: 25, new: 1 } });

    const byRow = await list({ row_id: callerId });
    expect(byRow.data.map((row) => row.action)).toEqual(['update', 'update', 'insert']);
    // Empty form fields mean "any".
    expect((await list({ row_id: callerId, table: '', action: '', actor: '', from: '', to: '' })).total).toBe(3);

    const [today] = await db.sql<{ day: string }[]>`select to_char(now() at time zone public.app_time_zone(), 'YYYY-MM-DD') as day`;
    expect((await list({ row_id: callerId, from: today!.day, to: today!.day })).total).toBe(3);
    expect((await list({ row_id: callerId, to: '2020-01-01' })).total).toBe(0);
    expect(listAuditQuery.safeParse({ from: '2026-13-45' }).success).toBe(false);
    expect(listAuditQuery.safeParse({ table: 'lead_events' }).success).toBe(false);
  });
});
