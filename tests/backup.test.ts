import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupCluster, restoreCluster } from '@/scripts/lib/backup';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '@/scripts/lib/embedded-postgres';

describe('db:backup and db:restore', () => {
  let dir: string;
  let live: EmbeddedServer;
  let restored: EmbeddedServer | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'leadops-backup-'));
    await chmod(dir, 0o755);
    live = await startEmbeddedPostgres({ dataDir: path.join(dir, 'live'), port: await freePort() });
  }, 60_000);
  afterAll(async () => {
    await restored?.stop();
    await live.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('backs up a server that keeps writing, and a restore into a fresh folder holds the rows as of the backup', async () => {
    const sql = postgres(live.url, { max: 1, onnotice: () => {} });
    await sql`create table counted (id bigint generated always as identity primary key, at timestamptz not null default clock_timestamp())`;
    await sql`insert into counted (at) select clock_timestamp() from generate_series(1, 1000)`;
    // One writer, one row per commit, in order, all through the backup.
    let writing = true;
    const writer = (async () => {
      while (writing) await sql`insert into counted default values`;
    })();
    const file = path.join(dir, 'leadops.tar.gz');
    const { lsn, bytes } = await backupCluster(live.url, path.join(dir, 'live'), file);
    const observer = postgres(live.url, { max: 1, onnotice: () => {} });
    const [after] = await observer<{ n: number }[]>`select count(*)::int as n from counted`;
    await observer.end();
    writing = false;
    await writer;
    await sql.end();
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(bytes).toBeGreaterThan(1_000_000);

    const keptAs = await restoreCluster(file, path.join(dir, 'restored'));
    expect(keptAs).toBeNull();
    restored = await startEmbeddedPostgres({ dataDir: path.join(dir, 'restored'), port: await freePort() });
    const copy = postgres(restored.url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await copy<{ n: number; max: number }[]>`select count(*)::int as n, max(id)::int as max from counted`;
      // Consistent: every row up to some moment, none missing in between, none from after the backup.
      expect(row!.n).toBe(row!.max);
      expect(row!.n).toBeGreaterThanOrEqual(1000);
      expect(row!.n).toBeLessThanOrEqual(after!.n);
      await copy`insert into counted default values`;
    } finally {
      await copy.end();
    }
  }, 120_000);

  it('keeps the folder it restores over, and refuses a file that is no backup', async () => {
    const target = path.join(dir, 'restored-again');
    await restoreCluster(path.join(dir, 'leadops.tar.gz'), target);
    const kept = await restoreCluster(path.join(dir, 'leadops.tar.gz'), target);
    expect(kept).toMatch(/restored-again\.before-restore-/);
    const junk = path.join(dir, 'junk.tar.gz');
    execFileSync('tar', ['-czf', junk, '-C', dir, 'leadops.tar.gz']);
    await expect(restoreCluster(junk, path.join(dir, 'from-junk'))).rejects.toThrow(/not a LeadOps backup/);
  }, 60_000);
});
