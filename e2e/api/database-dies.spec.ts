import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../scripts/lib/embedded-postgres';
import { freePort, startSecondServer } from '../support/second-server';
import { faultRow, landing, steadyIngest } from '../support/steady-load';

// The promise under a database crash: every lead acknowledged (2xx/409) is stored exactly
// once; while the database is away each request is answered within 2 s (503 + Retry-After);
// once it is back the app serves 201s again without a restart of its own.
const SECRET = `whsec_${randomUUID()}`;
const root = path.resolve(import.meta.dirname, '../..');

/** Every process of the cluster, postmaster first, from its pid file. */
async function clusterPids(dataDir: string): Promise<number[]> {
  const postmaster = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const children = spawnSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  return [postmaster, ...children];
}

test('Postgres killed under load: no acknowledged lead lost or doubled, 503 within 2 s while down, 201 again after', async () => {
  test.setTimeout(90_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'leadops-fault-'));
  await chmod(dir, 0o755);
  const dataDir = path.join(dir, 'pg');
  const port = await freePort();
  // Migrated (and seeded) as `npm run db:migrate` does it, then run here so the test can kill it.
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'scripts/migrate.ts'], {
    cwd: root, stdio: 'ignore',
    env: { ...process.env, DATABASE_URL: '', EMBEDDED_DB_DIR: dataDir, EMBEDDED_DB_PORT: String(port), WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'silent' },
  });
  let pg: EmbeddedServer = await startEmbeddedPostgres({ dataDir, port });
  const app = await startSecondServer(pg.url);
  const { sent, retry, load, elapsed } = steadyIngest(() => app.url, SECRET);
  let checker: postgres.Sql | undefined;
  try {
    await load(2_000);
    const pids = await clusterPids(dataDir);
    const killedAt = elapsed();
    const loadWhileDown = load(4_000);
    for (const pid of pids) spawnSync('kill', ['-9', String(pid)]);
    await loadWhileDown;
    const restartAt = elapsed();
    pg = await startEmbeddedPostgres({ dataDir, port });
    const upAt = elapsed();
    await load(4_000);

    const before = sent.filter((r) => r.at < killedAt);
    const down = sent.filter((r) => r.at > killedAt + 200 && r.at < restartAt);
    const after = sent.filter((r) => r.at > upAt + 1_000);
    expect(before.every((r) => r.status === 201), 'all 201 before the crash').toBe(true);
    expect(down.length).toBeGreaterThan(40);
    expect(down.filter((r) => r.status !== 503), 'only 503 while down').toEqual([]);
    expect(down.filter((r) => r.retryAfter === null), 'each with Retry-After').toEqual([]);
    expect(down.filter((r) => r.ms > 2_000), 'none answered later than 2 s').toEqual([]);
    expect(after.length).toBeGreaterThan(40);
    expect(after.filter((r) => r.status !== 201), '201s again once the database is back, without restarting the app').toEqual([]);
    expect(sent.filter((r) => r.status >= 500 && r.status !== 503), 'no 500s').toEqual([]);

    // Everything acknowledged is there exactly once; a retry of the rest with the same key lands once.
    checker = postgres(pg.url, { max: 2, onnotice: () => {} });
    const acknowledged = sent.filter((r) => r.status === 201 || r.status === 409).map((r) => r.key);
    const landed = await landing(checker, acknowledged);
    expect([landed.lost, landed.doubled]).toEqual([[], []]);
    const refused = sent.filter((r) => r.status === 503).map((r) => r.key);
    const retried = await retry(refused);
    expect(retried.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    const retriedLanded = await landing(checker, refused);
    expect([retriedLanded.lost, retriedLanded.doubled]).toEqual([[], []]);
    console.log(faultRow('Postgres SIGKILLed under 20 ingests/s, restarted', sent, landed));
    console.log(`[fault] ... ${down.length} answered while down (slowest ${Math.max(...down.map((r) => r.ms))} ms), ${refused.length} refused then retried with their keys: ${retriedLanded.found} landed once`);
  } finally {
    await checker?.end();
    app.stop();
    await pg.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});
