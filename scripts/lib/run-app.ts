import { spawn } from 'node:child_process';
import path from 'node:path';
import { EnvError, parseEnv } from '../../lib/env/schema';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres';
import { loadProjectEnv } from './load-env';
import { localWebhookSecret } from './local-secret';
import { prepareDatabase } from './prepare-database';
import { ROOT } from './paths';

const log = (line: string) => console.log(`[leadops] ${line}`);

/**
 * `npm run dev` / `npm start`: the embedded database unless DATABASE_URL is set, migrations,
 * demo data, then Next.js. Ctrl+C stops Next and then Postgres cleanly.
 */
export async function runApp(mode: 'dev' | 'start'): Promise<void> {
  const startedAt = performance.now();
  loadProjectEnv(mode === 'dev');
  let env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`[leadops] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  let server: EmbeddedServer | undefined;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    try {
      server = await startEmbeddedPostgres({
        dataDir: env.EMBEDDED_DB_DIR,
        port: env.EMBEDDED_DB_PORT,
        onLog: process.env.LOG_LEVEL === 'debug' ? (line) => console.log(`[postgres] ${line}`) : undefined,
        onNotice: log,
      });
    } catch (error) {
      console.error(`[leadops] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
    databaseUrl = server.url;
    log(`embedded PostgreSQL on 127.0.0.1:${server.port}, data in ${env.EMBEDDED_DB_DIR}`);
  } else {
    log('using DATABASE_URL (no embedded database)');
  }

  const webhookSecret =
    env.WEBHOOK_SECRET ?? (server ? await localWebhookSecret(env.EMBEDDED_DB_DIR, log) : undefined);
  try {
    await prepareDatabase({
      url: databaseUrl,
      bootstrap: Boolean(server),
      seed: Boolean(server),
      webhookSecret,
      timeZone: env.APP_TIMEZONE,
      log,
    });
  } catch (error) {
    console.error(`[leadops] ${error instanceof Error ? error.message : String(error)}`);
    await server?.stop();
    process.exit(1);
  }

  const nextBin = path.join(ROOT, 'node_modules/next/dist/bin/next');
  // Without Supabase Auth the dashboard acts as a local admin, so it listens on loopback only.
  const host = env.NEXT_PUBLIC_SUPABASE_URL ? [] : ['-H', '127.0.0.1'];
  const child = spawn(process.execPath, [nextBin, mode, '-p', String(env.PORT), ...host], {
    cwd: ROOT,
    stdio: 'inherit',
    // LOCAL_MODE: this runner listens on loopback only, so without Supabase the local admin may open.
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1', ...(env.NEXT_PUBLIC_SUPABASE_URL ? {} : { LOCAL_MODE: '1' }) },
  });
  log(
    `database ready in ${Math.round(performance.now() - startedAt)} ms; starting next ${mode} on http://localhost:${env.PORT}`,
  );

  // A terminal's Ctrl+C reaches Next directly; a SIGTERM from a supervisor has to be passed on.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', async (code) => {
    await server?.stop();
    process.exit(code ?? 0);
  });
}
