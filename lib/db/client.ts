import 'server-only';
import type { Sql } from 'postgres';
import { env } from '@/lib/env';
import { EnvError } from '@/lib/env/schema';
import { pgClient } from './connection';

// One client per server process, kept on globalThis so hot reloads do not leak pools.
const store = globalThis as typeof globalThis & { leadopsSql?: Sql; leadopsSqlClosed?: boolean };

/** The process-wide postgres.js client, created on first use. */
export function db(): Sql {
  // Closing for the exit: a late query must not open a new pool that the exit then drops.
  if (store.leadopsSqlClosed) throw Object.assign(new Error('the server is shutting down'), { code: 'CONNECTION_ENDED' });
  store.leadopsSql ??= createClient();
  return store.leadopsSql;
}

/**
 * Ends the pool, if one was made: each connection finishes its query in flight and then closes
 * with a Terminate, so the server ends those sessions at once instead of finding a broken socket.
 * After `timeoutSeconds` the rest are dropped. From then on db() refuses (a 503), for the exit.
 */
export async function closeDb(timeoutSeconds = 2): Promise<void> {
  const sql = store.leadopsSql;
  store.leadopsSqlClosed = true;
  await sql?.end({ timeout: timeoutSeconds });
}

function createClient(): Sql {
  const url = env.DATABASE_URL;
  if (!url) {
    throw new EnvError(
      'DATABASE_URL is not set. Start the app with `npm run dev` or `npm start` (they start the embedded database), or set DATABASE_URL.',
    );
  }
  return pgClient(url, {
    max: 10,
    idle_timeout: 30,
    // While the database is away every request must be answered within ~2 s (503, Retry-After):
    // a connection attempt that hangs gives up after 2 s, and reconnects are retried at once
    // (at most 0.25 s apart) instead of postgres.js's default backoff, which grows to 20 s per
    // pool and holds queued queries behind it, so recovery is immediate once the server is back.
    connect_timeout: 2,
    backoff: (retries: number) => Math.min(0.05 * retries, 0.25),
  });
}
