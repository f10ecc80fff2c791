import 'server-only';
import postgres from 'postgres';
import { env } from '@/lib/env';
import { EnvError } from '@/lib/env/schema';
import { isTransactionPooler } from './pooler';

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
    prepare: !isTransactionPooler(url),
    max: 10,
    idle_timeout: 30,
    connect_timeout: 5,
    onnotice: () => {},
  });
}
