import { spawn } from 'node:child_process';
import path from 'node:path';
import { pgClient } from '../../lib/db/connection';
import { EnvError, parseEnv } from '../../lib/env/schema';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres';
import { loadProjectEnv } from './load-env';
import { localWebhookSecret } from './local-secret';
import { prepareDatabase } from './prepare-database';
import { ROOT } from './paths';

const log = (line: string) => console.log(`[leadops] ${line}`);

/**
 * `npm run dev` / `npm start`: the embedded database unless DATABASE_URL is set, migrations,
 * demo data, then Next.js. Ctrl+C stops Next and then Postgres cleanly; if Next dies we stop
 * Postgres and exit non-zero; if Postgres dies we restart it.
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
  const embedded = {
    dataDir: env.EMBEDDED_DB_DIR,
    port: env.EMBEDDED_DB_PORT,
    onLog: process.env.LOG_LEVEL === 'debug' ? (line: string) => console.log(`[postgres] ${line}`) : undefined,
    onNotice: log,
  };
  if (!databaseUrl) {
    try {
      server = await startEmbeddedPostgres(embedded);
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
  const stopTicker = startAutomationTicker(databaseUrl);
  log(
    `database ready in ${Math.round(performance.now() - startedAt)} ms; starting next ${mode} on http://localhost:${env.PORT}`,
  );

  // A terminal's Ctrl+C reaches Next directly; a SIGTERM from a supervisor has to be passed on.
  // The runner owns these signals: embedded-postgres's exit hook would stop every cluster at
  // once, while Next.js still answers the requests in flight, and then exit with 143.
  let stopping = false;
  let stopCode: number | undefined;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // Only the listeners others registered (tsx keeps its own out of this list, and needs it).
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => {
      stopping = true;
      child.kill(signal);
    });
  }
  child.on('exit', async (code, signal) => {
    await stopTicker();
    await server?.stop();
    // Asked to stop (Next.js then exits 128+signal): a clean stop is a 0.
    if (stopping) process.exit(stopCode ?? 0);
    // Next died on its own: say so, and exit non-zero so that a supervisor restarts us.
    log(`next ${mode} stopped unexpectedly (${signal ?? `exit code ${code}`}); the database is stopped too`);
    process.exit(code || 1);
  });

  // The embedded database is ours to keep up: restart it when it dies (Next reconnects by
  // itself), unless it keeps dying, when we stop everything and say why.
  const restarts: number[] = [];
  const superviseDatabase = (current: EmbeddedServer) => {
    void current.died.then(async () => {
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      if (restarts.filter((at) => now - at < 60_000).length > 3) {
        log('PostgreSQL stopped unexpectedly 4 times within a minute; stopping (see its log with LOG_LEVEL=debug)');
        return stopAll(1);
      }
      log('PostgreSQL stopped unexpectedly; restarting it');
      try {
        server = await startEmbeddedPostgres(embedded);
        log(`PostgreSQL is back on 127.0.0.1:${server.port}`);
        superviseDatabase(server);
      } catch (error) {
        log(`PostgreSQL could not be restarted: ${error instanceof Error ? error.message : String(error)}; stopping`);
        server = undefined;
        stopAll(1);
      }
    });
  };
  const stopAll = (exitCode: number) => {
    stopping = true;
    stopCode = exitCode;
    child.kill('SIGTERM');
  };
  if (server) superviseDatabase(server);
}

const TICK_MS = 15_000;

/**
 * The automation tick while the app runs, as pg_cron ticks a Supabase database: every 15 s
 * `run_due_automations()` on a connection of its own. Another ticker at the same moment is
 * harmless (each rule's window runs once). A failed tick (the database restarting) is said
 * once, and the next one tries again. Returns what stops it.
 */
function startAutomationTicker(url: string): () => Promise<void> {
  // As the app connects: no prepared statements behind a transaction pooler.
  const sql = pgClient(url, { max: 1 });
  let failing = false;
  const timer = setInterval(() => {
    sql<{ ran: number }[]>`select (public.run_due_automations() ->> 'ran')::int as ran`.then(
      ([row]) => {
        failing = false;
        if (row!.ran > 0) log(`automation rules: ${row!.ran} ran`);
      },
      (error: unknown) => {
        if (!failing) log(`automation tick failed (${error instanceof Error ? error.message : String(error)}); retrying every 15 s`);
        failing = true;
      },
    );
  }, TICK_MS);
  return async () => {
    clearInterval(timer);
    await sql.end({ timeout: 1 });
  };
}
