import { existsSync } from 'node:fs';
import { aptInstall, canAptInstall } from './apt';

// Debian installs it in /usr/sbin, which is not on an ordinary user's PATH.
const CANDIDATES = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer', '/usr/local/bin/pgbouncer', '/opt/homebrew/bin/pgbouncer'];

export const PGBOUNCER_MISSING =
  'PgBouncer was not found, and the transaction-pooler tests need it. Install it ' +
  '(Debian/Ubuntu: `sudo apt-get install -y pgbouncer`) or set PGBOUNCER_PATH to a pgbouncer binary.';

/** The pgbouncer binary: PGBOUNCER_PATH, else the usual install locations. */
export function findPgbouncer(): string | undefined {
  const fromEnv = process.env.PGBOUNCER_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/**
 * Debian's PgBouncer for the integration tests that run the app behind a transaction pooler.
 * Installs it with apt when we are root; otherwise stops with a message saying what to do.
 */
export function ensurePgbouncer(log: (line: string) => void): string {
  const found = findPgbouncer();
  if (found) return found;
  if (!canAptInstall()) throw new Error(PGBOUNCER_MISSING);
  log('PgBouncer not found: installing Debian\'s pgbouncer with apt-get');
  aptInstall(['pgbouncer']);
  const installed = findPgbouncer();
  if (!installed) throw new Error('apt-get installed pgbouncer but no binary was found in /usr/sbin');
  return installed;
}
