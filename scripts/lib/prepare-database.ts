import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { migrate } from '../../lib/db/migrations';
import { sha256Hex } from '../../lib/intake/authenticate';
import { BOOTSTRAP_FILE, MIGRATIONS_DIR, SEED_FILE } from './paths';

export interface PrepareOptions {
  url: string;
  /** Create Supabase's roles/auth/publication first: only for databases that are not Supabase. */
  bootstrap: boolean;
  seed: boolean;
  webhookSecret?: string;
  /** Copied into the `timezone` setting, so SQL counts "today" where the dashboard shows it. */
  timeZone: string;
  log: (line: string) => void;
}

/** Migrates, loads demo data, aligns the time zone and registers the default webhook source. */
export async function prepareDatabase(options: PrepareOptions): Promise<void> {
  const sql = postgres(options.url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const result = await migrate(sql, {
      migrationsDir: MIGRATIONS_DIR,
      bootstrapFile: options.bootstrap ? BOOTSTRAP_FILE : undefined,
      log: options.log,
    });
    options.log(
      `migrations: ${result.applied.length} applied, ${result.alreadyApplied} already up to date`,
    );
    if (options.seed) {
      const seed = await readFile(SEED_FILE, 'utf8');
      const [before] = await sql<{ leads: number }[]>`select count(*)::int as leads from public.leads`;
      await sql.begin((tx) => tx.unsafe(seed).simple());
      const [after] = await sql<{ leads: number }[]>`select count(*)::int as leads from public.leads`;
      const added = (after?.leads ?? 0) - (before?.leads ?? 0);
      options.log(added > 0 ? `demo data loaded: ${added} leads` : 'demo data already present');
    }
    await sql`update public.app_settings set value = ${sql.json(options.timeZone)}
              where key = 'timezone' and value is distinct from ${sql.json(options.timeZone)}`;
    if (options.webhookSecret) {
      await registerDefaultSource(sql, options.webhookSecret);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function registerDefaultSource(sql: postgres.Sql, secret: string): Promise<void> {
  const hash = sha256Hex(secret);
  await sql`
    insert into public.sources (name, secret_hash) values ('webhook', ${hash})
    on conflict (name) do update set secret_hash = excluded.secret_hash
    where public.sources.secret_hash is distinct from excluded.secret_hash`;
}
