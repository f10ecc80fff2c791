import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { postgresOsUser } from './postgres-os-user';

// What a copy of a running cluster leaves out: the running server's own files, and WAL, which
// is added after the backup ends (it must reach at least the backup's end).
const SKIP = ['./postmaster.pid', './postmaster.opts', './pg_wal/*', './pg_replslot/*', './pg_stat_tmp/*'];

/** GNU tar over a folder a running server writes to: files may change or vanish as it reads (1). */
function tar(args: string[]): void {
  const result = spawnSync('tar', ['--warning=no-file-changed', '--warning=no-file-removed', '--ignore-failed-read', ...args], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(`tar failed: ${result.stderr.trim() || result.error?.message}`);
}

/**
 * A consistent backup of a running cluster, with PostgreSQL's own low-level backup API (the
 * embedded package has no pg_dump): pg_backup_start, a copy of the data folder while the server
 * keeps working, pg_backup_stop's backup_label, then the WAL up to the backup's end; all in
 * one .tar.gz. Restoring it replays that WAL, so the copy is as of the moment the backup ended.
 */
export async function backupCluster(url: string, dataDir: string, file: string): Promise<{ lsn: string; bytes: number }> {
  const archive = path.resolve(file).replace(/\.gz$/, '');
  const staging = await mkdtemp(path.join(path.dirname(archive), '.backup-'));
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // pg_backup_start and pg_backup_stop must run in one session.
    const session = await sql.reserve();
    let stop: { lsn: string; labelfile: string; spcmapfile: string } | undefined;
    try {
      await session`select pg_backup_start(${`leadops ${new Date().toISOString()}`}, true)`;
      tar(['-cf', archive, ...SKIP.map((skip) => `--exclude=${skip}`), '-C', dataDir, '.']);
      [stop] = await session<{ lsn: string; labelfile: string; spcmapfile: string }[]>`
        select lsn::text, labelfile, spcmapfile from pg_backup_stop(false)`;
    } finally {
      session.release();
    }
    if (!stop) throw new Error('pg_backup_stop returned nothing');
    await writeFile(path.join(staging, 'backup_label'), stop.labelfile);
    const extra = ['backup_label'];
    if (stop.spcmapfile) {
      await writeFile(path.join(staging, 'tablespace_map'), stop.spcmapfile);
      extra.push('tablespace_map');
    }
    tar(['-rf', archive, '-C', staging, ...extra]);
    tar(['-rf', archive, '-C', dataDir, './pg_wal']);
    execFileSync('gzip', ['-f', archive]);
    return { lsn: stop.lsn, bytes: (await stat(`${archive}.gz`)).size };
  } finally {
    await sql.end();
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Unpacks a backup into dataDir, which must not be in use; an existing folder is kept beside
 * it (returned), never deleted. The server replays the backup's WAL when it next starts.
 */
export async function restoreCluster(file: string, dataDir: string): Promise<string | null> {
  const target = path.resolve(dataDir);
  let keptAs: string | null = null;
  if (existsSync(target)) {
    keptAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(target, keptAs);
  }
  await mkdir(target, { recursive: true });
  execFileSync('tar', ['-xzf', path.resolve(file), '-C', target]);
  if (!(await readdir(target)).includes('backup_label')) {
    throw new Error(`${file} is not a LeadOps backup (no backup_label in it)`);
  }
  // Postgres insists on owning its data folder, private to it.
  await chmod(target, 0o700);
  if (process.getuid?.() === 0) {
    const user = postgresOsUser();
    execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, target]);
  } else {
    await chown(target, process.getuid!(), process.getgid!());
  }
  return keptAs;
}
