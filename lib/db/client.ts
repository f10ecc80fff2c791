import 'server-only';
import postgres from 'postgres';
import { env } from '@/lib/env';
import { EnvError } from '@/lib/env/schema';

type Sql = postgres.Sql;

// One client per server process, kept on globalThis so hot reloads do not leak pools.
const store = globalThis as typeof globalThis & { leadopsSql?: Sql };

/** The process-wide postgres.js client, created on first use. */
export function db(): Sql {
  store.leadopsSql ??= createClient();
  return store.leadopsSql;
}

function createClient(): Sql {
  const url = env.DATABASE_URL;
  if (!url) {
    throw new EnvError(
      'DATABASE_URL is not set. Start the app with `npm run dev` or `npm start` (they start the embedded database), or set DATABASE_URL.',
    );
  }
  return postgres(url, {
    // Transaction-mode poolers (Supabase's on port 6543) cannot keep prepared statements.
    prepare: !isTransactionPooler(url),
    max: 10,
    idle_timeout: 30,
    connect_timeout: 5,
    onnotice: () => {},
  });
}

export function isTransactionPooler(url: string): boolean {
  const parsed = new URL(url);
  return parsed.port === '6543' || parsed.searchParams.get('pgbouncer') === 'true';
}
