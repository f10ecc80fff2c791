/**
 * Transaction-mode poolers hand each transaction to any server connection, so nothing may
 * outlive a transaction there: no prepared statements, no session settings or locks. We know
 * one by its URL: port 6543 (Supabase's transaction pooler, Supavisor or PgBouncer) or
 * `pgbouncer=true` (the flag Prisma and Supabase's docs use for any transaction pooler).
 */
export function isTransactionPooler(url: string): boolean {
  const parsed = new URL(url);
  return parsed.port === '6543' || parsed.searchParams.get('pgbouncer') === 'true';
}

// Supabase's transaction pooler: user postgres.<project ref>, host *.pooler.supabase.com.
const SUPABASE_POOLER_USER = /^postgres\.([a-z0-9]+)$/;
const SUPABASE_POOLER_HOST = '.pooler.supabase.com';

/** Where to point DATABASE_URL to migrate: spelled out for Supabase, never with the password. */
function directConnection(url: string): string {
  const parsed = new URL(url);
  const ref = SUPABASE_POOLER_USER.exec(decodeURIComponent(parsed.username))?.[1];
  if (!ref || !parsed.hostname.endsWith(SUPABASE_POOLER_HOST) || parsed.port !== '6543') {
    return 'the direct connection (port 5432)';
  }
  const database = parsed.pathname.slice(1) || 'postgres';
  return (
    `the session pooler, postgres://postgres.${ref}:[YOUR-PASSWORD]@${parsed.hostname}:5432/${database}, ` +
    `or the direct connection, postgres://postgres:[YOUR-PASSWORD]@db.${ref}.supabase.co:5432/${database}`
  );
}

/** The one message for pending migrations that would have to run through a transaction pooler. */
export function migrationsNeedDirectConnection(url: string, pending: number): string {
  const count = pending === 1 ? '1 migration is' : `${pending} migrations are`;
  return (
    `${count} pending, and migrations cannot run through a transaction pooler (they need one ` +
    `session from start to end). Apply them with \`npm run db:migrate\` and DATABASE_URL set to ` +
    `${directConnection(url)}; the app itself can stay on the transaction pooler.`
  );
}
