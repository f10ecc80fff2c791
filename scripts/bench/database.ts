import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { migrate } from '../../lib/db/migrations';
import { newSourceSecret, sha256Hex } from '../../lib/intake/authenticate';
import { embeddedUrl, freePort, startEmbeddedPostgres } from '../lib/embedded-postgres';
import { ensureLocalAdmin } from '../lib/local-admin';
import { BOOTSTRAP_FILE, MIGRATIONS_DIR } from '../lib/paths';

const TEMPLATE = 'bench_template';

export interface BenchDatabase {
  url: string;
  /** Enough connections for the 50 writers of the contention scenario. */
  sql: Sql;
}

export interface BenchCluster {
  /**
   * A new database copied from the migrated template. Each scenario gets its own: one scenario's
   * leads, callers and caps would skew the next one's.
   */
  fresh(name: string): Promise<BenchDatabase>;
  /** As the server reports it, e.g. "17.10". */
  serverVersion: string;
  stop(): Promise<void>;
}

export interface BenchSource {
  id: string;
  secret: string;
}

/**
 * A throw-away embedded PostgreSQL in `dir` (the caller removes it) with one template database,
 * migrated as `npm start` does and holding the local admin member, as the integration tests do.
 * Durable settings (fsync on), as a real database runs.
 */
export async function startBenchCluster(dir: string, log: (line: string) => void): Promise<BenchCluster> {
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), onNotice: log });
  const admin = postgres(server.url, { max: 1, onnotice: () => {} });
  const opened: Sql[] = [];
  const stop = async () => {
    await Promise.all([admin, ...opened].map((sql) => sql.end({ timeout: 5 })));
    await server.stop();
  };
  let serverVersion = '';
  try {
    serverVersion = (await admin<{ version: string }[]>`select current_setting('server_version') as version`)[0]?.version ?? '?';
    await admin.unsafe(`create database ${TEMPLATE}`);
    const template = postgres(embeddedUrl(server.port, TEMPLATE), { max: 1, onnotice: () => {} });
    try {
      await migrate(template, { migrationsDir: MIGRATIONS_DIR, bootstrapFile: BOOTSTRAP_FILE });
      // The CSV import acts as the local admin, as the dashboard does on `npm start`.
      await ensureLocalAdmin(template);
    } finally {
      // A template with a session open cannot be copied.
      await template.end({ timeout: 5 });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    async fresh(name) {
      await admin.unsafe(`create database ${name} template ${TEMPLATE}`);
      const url = embeddedUrl(server.port, name);
      const sql = postgres(url, { max: 64, onnotice: () => {} });
      opened.push(sql);
      return { url, sql };
    },
    serverVersion,
    stop,
  };
}

/** A webhook source made as the Settings page makes one: its secret, and only the hash stored. */
export async function createSource(sql: Sql, name: string): Promise<BenchSource> {
  const secret = newSourceSecret();
  const [row] = await sql<{ id: string }[]>`select public.create_source(${name}, ${sha256Hex(secret)}) ->> 'id' as id`;
  if (!row) throw new Error(`create_source(${name}) returned nothing`);
  return { id: row.id, secret };
}
