// npm run db:migrate  — apply pending migrations (and demo data on the embedded database)
// npm run db:reset    — embedded database only: drop everything and apply from scratch
import { pgClient } from '../lib/db/connection';
import { EnvError, parseEnv } from '../lib/env/schema';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { loadProjectEnv } from './lib/load-env';
import { localWebhookSecret } from './lib/local-secret';
import { prepareDatabase } from './lib/prepare-database';

const log = (line: string) => console.log(`[leadops] ${line}`);
const reset = process.argv.includes('--reset');

loadProjectEnv(true);
try {
  const env = parseEnv(process.env);
  if (env.DATABASE_URL) {
    if (reset) throw new Error('db:reset only resets the embedded database; unset DATABASE_URL');
    await prepareDatabase({ url: env.DATABASE_URL, bootstrap: false, seed: false, webhookSecret: env.WEBHOOK_SECRET, timeZone: env.APP_TIMEZONE, log });
  } else {
    const server = await startEmbeddedPostgres({ dataDir: env.EMBEDDED_DB_DIR, port: env.EMBEDDED_DB_PORT, onNotice: log });
    try {
      if (reset) await dropEverything(server.url);
      const webhookSecret = env.WEBHOOK_SECRET ?? (await localWebhookSecret(env.EMBEDDED_DB_DIR, log));
      await prepareDatabase({ url: server.url, bootstrap: true, seed: true, webhookSecret, timeZone: env.APP_TIMEZONE, log });
    } finally {
      await server.stop();
    }
  }
} catch (error) {
  console.error(`[leadops] ${error instanceof EnvError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

async function dropEverything(url: string): Promise<void> {
  const sql = pgClient(url, { max: 1 });
  try {
    await sql.unsafe(`
      drop schema if exists public cascade;
      drop schema if exists private cascade;
      drop schema if exists auth cascade;
      drop schema if exists extensions cascade;
      drop schema if exists supabase_migrations cascade;
      drop publication if exists supabase_realtime;
      create schema public;
    `).simple();
    log('dropped all schemas');
  } finally {
    await sql.end();
  }
}
