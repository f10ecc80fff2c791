import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Sql } from 'postgres';
import { LOCAL_ADMIN } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import { sha256Hex } from '@/lib/intake/authenticate';
import { ingestLead } from '@/lib/intake/ingest-lead';
import { normalizeLead } from '@/lib/intake/normalize/lead';
import { prepareDatabase } from '@/scripts/lib/prepare-database';
import { startPgbouncer, type Pgbouncer } from './support/pgbouncer';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Two server connections for all clients: any session state one client left behind would show
// up in another's next transaction, and a statement prepared on one is missing on the other.
const POOL_SIZE = 2;
const LEADS = 200;

describe('behind a transaction pooler (PgBouncer, pool_mode = transaction)', () => {
  let db: TestDatabase;
  let pooler: Pgbouncer;
  let appSql: Sql | undefined;
  const viaPooler = (database: string) => `${pooler.urlFor(database)}?pgbouncer=true`;

  beforeAll(async () => {
    db = await createTestDatabase();
    pooler = await startPgbouncer({ serverUrl: db.url, poolSize: POOL_SIZE });
  });
  afterAll(async () => {
    await appSql?.end({ timeout: 5 });
    vi.unstubAllEnvs();
    await pooler?.stop();
    await db?.drop();
  });

  it("runs the app's intake and RLS reads from many clients at once", async () => {
    const [source] = await db.sql<{ id: string }[]>`
      insert into public.sources (name, secret_hash) values ('pooled', repeat('c', 64)) returning id`;
    // The app's own client, configured from DATABASE_URL as the server configures it.
    vi.stubEnv('DATABASE_URL', viaPooler(db.name));
    const { db: appDb } = await import('@/lib/db/client');
    const { listLeads } = await import('@/lib/leads/list-leads');
    appSql = appDb();
    const sql = appSql;

    const ingests = Array.from({ length: LEADS }, (_, i) => {
      const fields = { firstName: `Pooled${i}`, phone: `+1212555${String(i).padStart(4, '0')}`, state: 'NY' };
      return ingestLead(sql, source!.id, {
        request_id: `pooled-${i}`, idempotency_key: `pooled-${i}`, content_type: 'application/json',
        raw_body: JSON.stringify(fields), payload: fields, headers: {},
      }, normalizeLead(fields).lead);
    });
    const viewers = Array.from({ length: 40 }, () => withViewer(sql, LOCAL_ADMIN, (tx) => tx<{ role: string; sub: string }[]>`
      select current_user as role, current_setting('request.jwt.claims', true)::jsonb ->> 'sub' as sub`));
    const pages = Array.from({ length: 40 }, () => listLeads(LOCAL_ADMIN, { page: 1, per_page: 5 }));
    // Plain queries between the viewer transactions must still run as the connecting superuser.
    const plain = Array.from({ length: 40 }, () => sql<{ role: string; claims: string | null }[]>`
      select current_user as role, nullif(current_setting('request.jwt.claims', true), '') as claims`);

    const [ingested, asViewer, listed, asServer] = await Promise.all([
      Promise.all(ingests), Promise.all(viewers), Promise.all(pages), Promise.all(plain),
    ]);

    expect(ingested.map((result) => result.outcome)).toEqual(Array(LEADS).fill('created'));
    expect(asViewer.flat()).toEqual(Array(40).fill({ role: 'authenticated', sub: LOCAL_ADMIN.userId }));
    expect(listed.every((page) => page.data.length <= 5 && page.total >= page.data.length)).toBe(true);
    expect((await listLeads(LOCAL_ADMIN, { page: 1, per_page: 5 })).data).toHaveLength(5);
    expect(asServer.flat()).toEqual(Array(40).fill({ role: 'postgres', claims: null }));
    expect((await listLeads(LOCAL_ADMIN, { page: 1, per_page: 1 })).total).toBe(LEADS);
  });

  it('starts the app when no migration is pending', async () => {
    const lines: string[] = [];
    await prepareDatabase({
      url: viaPooler(db.name), bootstrap: false, seed: false, webhookSecret: 'pooled-webhook-secret-0123456789',
      timeZone: 'America/New_York', log: (line) => lines.push(line),
    });
    expect(lines.join('\n')).toMatch(/migrations: 0 applied/);
    const [row] = await db.sql`select secret_hash from public.sources where name = 'webhook'`;
    expect(row?.secret_hash).toBe(sha256Hex('pooled-webhook-secret-0123456789'));
  });

  it('starts the app on migrations pushed by the Supabase CLI', async () => {
    const pushed = await createTestDatabase();
    try {
      // The CLI's table has no content_sha256 column: that is this runner's own addition.
      await pushed.sql`alter table supabase_migrations.schema_migrations drop column content_sha256`;
      await expect(prepareDatabase({
        url: viaPooler(pushed.name), bootstrap: false, seed: false, timeZone: 'America/New_York', log: () => {},
      })).resolves.toBeUndefined();
    } finally {
      await pushed.drop();
    }
  });

  it('refuses to migrate, naming the direct connection, and changes nothing', async () => {
    const empty = await createTestDatabase({ from: 'empty' });
    try {
      await expect(prepareDatabase({
        url: viaPooler(empty.name), bootstrap: false, seed: false, timeZone: 'America/New_York', log: () => {},
      })).rejects.toThrow(/migrations? (is|are) pending.*transaction pooler.*direct connection \(port 5432\)/s);
      const [row] = await empty.sql`select to_regnamespace('supabase_migrations') is null as untouched`;
      expect(row?.untouched).toBe(true);
    } finally {
      await empty.drop();
    }
  });
});
