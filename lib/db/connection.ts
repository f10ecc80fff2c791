import 'server-only';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { isTransactionPooler } from './pooler';

/**
 * URL parameters that other tools put in connection strings for themselves. postgres.js would
 * send them to the server as startup settings, which PostgreSQL and poolers refuse
 * ("unsupported startup parameter"), so they are read here and never sent:
 * - `pgbouncer`: Prisma's flag for a transaction pooler (we read it too, see pooler.ts);
 * - `connection_limit`, `pool_timeout`, `socket_timeout`, `statement_cache_size`, `schema`:
 *   Prisma's client settings (LeadOps names every schema in its queries);
 * - `supa`: a tag in the URLs of Supabase's Vercel integration;
 * - `sslrootcert`: libpq's CA for verify-full, which postgres.js would send on as well; it is
 *   applied here instead (`system`: the system's CAs; else the path of a CA file).
 * Settings postgres.js reads itself (`sslmode`, `connect_timeout`, …) and real server settings
 * (`application_name`, `options`) stay.
 */
const CLIENT_ONLY_PARAMETERS = [
  'pgbouncer', 'connection_limit', 'pool_timeout', 'socket_timeout', 'statement_cache_size', 'schema', 'supa', 'sslrootcert',
] as const;

export interface ConnectionSettings {
  /** The URL to hand to postgres.js: the given one without client-only parameters. */
  url: string;
  /** Behind a transaction pooler: no prepared statements, no session state. */
  transactionPooler: boolean;
  /** The URL's `sslrootcert`: verify the server against it (`system` or a CA file's path). */
  sslRootCert?: string;
}

export function connectionSettings(url: string): ConnectionSettings {
  const query = url.indexOf('?') < 0 ? '' : url.slice(url.indexOf('?') + 1);
  const sslRootCert = new URLSearchParams(query).get('sslrootcert') ?? undefined;
  return { url: withoutClientOnlyParameters(url), transactionPooler: isTransactionPooler(url), sslRootCert };
}

// Only the query string is rewritten: the rest (user, password, hosts) stays byte for byte.
function withoutClientOnlyParameters(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  for (const name of CLIENT_ONLY_PARAMETERS) params.delete(name);
  const query = params.toString();
  return query ? `${url.slice(0, at)}?${query}` : url.slice(0, at);
}

/**
 * A postgres.js client for `url`, as every connection of the app makes it. Behind a
 * transaction pooler each transaction may run on another server connection, where a statement
 * prepared on the previous one does not exist, so prepared statements are off there whatever
 * `overrides` say.
 */
export function pgClient(url: string, overrides: postgres.Options<{}> = {}): postgres.Sql {
  const settings = connectionSettings(url);
  const ssl = settings.sslRootCert === undefined ? {}
    : { ssl: settings.sslRootCert === 'system' ? ('verify-full' as const) : { ca: readFileSync(/* turbopackIgnore: true */ settings.sslRootCert, 'utf8') } };
  return postgres(settings.url, {
    onnotice: () => {},
    ...ssl,
    ...overrides,
    ...(settings.transactionPooler ? { prepare: false } : {}),
  });
}
