import { readFile } from 'node:fs/promises';
import type { Sql } from 'postgres';
import { pgClient } from '../../lib/db/connection';
import { migrate, MigrationError, pendingMigrations } from '../../lib/db/migrations';
import { isTransactionPooler, migrationsNeedDirectConnection } from '../../lib/db/pooler';
import { sha256Hex } from '../../lib/intake/authenticate';
import { readAppTimeZone } from '../../lib/settings/read-app-time-zone';
import { ensureLocalAdmin } from './local-admin';
import { BOOTSTRAP_FILE, MIGRATIONS_DIR, SEED_FILE } from './paths';

export interface PrepareOptions {
  url: string;
  /**
   * Create Supabase's roles/auth/publication first, and the local admin member after the
   * migrations: only for databases that are not Supabase.
   */
  bootstrap: boolean;
  seed: boolean;
  webhookSecret?: string;
  /**
   * Seeds the `timezone` setting of a database this run creates. After that the database owns
   * it (`select set_setting('timezone', '"America/Chicago"')`) and the dashboard reads it there.
   */
  timeZone: string;
  log: (line: string) => void;
}

/** Migrates (seeding the time zone of a new database), loads demo data and registers the default webhook source. */
export async function prepareDatabase(options: PrepareOptions): Promise<void> {
  const sql = pgClient(options.url, { max: 1, connect_timeout: 10 });
  try {
    const created = await applyMigrations(sql, options);
    if (created) {
      await sql`select public.set_setting('timezone', ${sql.json(options.timeZone)})`;
      options.log(`time zone of the new database: ${options.timeZone}`);
    } else {
      const timeZone = await readAppTimeZone(sql);
      if (timeZone !== options.timeZone) {
        options.log(
          `the database's time zone is ${timeZone}; APP_TIMEZONE (${options.timeZone}) only seeds a new database. ` +
            `Change it with: select set_setting('timezone', '"${options.timeZone}"')`,
        );
      }
    }
    if (options.bootstrap) await ensureLocalAdmin(sql);
    if (options.seed) {
      const seed = await readFile(SEED_FILE, 'utf8');
      const [before] = await sql<{ leads: number }[]>`select count(*)::int as leads from public.leads`;
      await sql.begin((tx) => tx.unsafe(seed).simple());
      const [after] = await sql<{ leads: number }[]>`select count(*)::int as leads from public.leads`;
      const added = (after?.leads ?? 0) - (before?.leads ?? 0);
      options.log(added > 0 ? `demo data loaded: ${added} leads` : 'demo data already present');
    }
    if (options.webhookSecret) {
      await registerDefaultSource(sql, options.webhookSecret);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Applies pending migrations; true when they created the schema of a new database. Behind a
 * transaction pooler, where migrate() cannot keep its session, it only checks with plain
 * queries that none is pending: a deployed app then starts on its pooler URL, and is told
 * which URL migrates when something is pending.
 */
async function applyMigrations(sql: Sql, options: PrepareOptions): Promise<boolean> {
  if (isTransactionPooler(options.url)) {
    const pending = await pendingMigrations(sql, MIGRATIONS_DIR);
    if (pending.length > 0) {
      throw new MigrationError(migrationsNeedDirectConnection(options.url, pending.length));
    }
    options.log('migrations: 0 applied, all up to date (checked through the transaction pooler)');
    return false;
  }
  const result = await migrate(sql, {
    migrationsDir: MIGRATIONS_DIR,
    bootstrapFile: options.bootstrap ? BOOTSTRAP_FILE : undefined,
    log: options.log,
  });
  options.log(
    `migrations: ${result.applied.length} applied, ${result.alreadyApplied} already up to date`,
  );
  return result.alreadyApplied === 0 && result.applied.length > 0;
}

async function registerDefaultSource(sql: Sql, secret: string): Promise<void> {
  const hash = sha256Hex(secret);
  await sql`
    insert into public.sources (name, secret_hash) values ('webhook', ${hash})
    on conflict (name) do update set secret_hash = excluded.secret_hash
    where public.sources.secret_hash is distinct from excluded.secret_hash`;
}
