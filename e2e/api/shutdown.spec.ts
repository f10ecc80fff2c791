import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres';
import { freePort } from '../support/second-server';

// A supervisor's SIGTERM to `npm start` while batches are in flight: the server stops taking
// connections, answers the batches it already has in full, closes its database connections
// properly (the server logs no broken connection), and the runner exits 0.
const root = path.resolve(import.meta.dirname, '../..');

/** Whether a new TCP connection to the port is accepted. */
const connects = (port: number) => new Promise<boolean>((resolve) => {
  const socket = net.connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});
const SECRET = `whsec_${randomUUID()}`;

test('SIGTERM: no new connections, in-flight requests finish, the pool closes cleanly, exit 0', async () => {
  test.setTimeout(90_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'leadops-shutdown-'));
  await chmod(dir, 0o755);
  const dataDir = path.join(dir, 'pg');
  const [appPort, dbPort] = [await freePort(), await freePort()];
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'scripts/migrate.ts'], {
    cwd: root, stdio: 'ignore',
    env: { ...process.env, DATABASE_URL: '', EMBEDDED_DB_DIR: dataDir, EMBEDDED_DB_PORT: String(dbPort), WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'silent' },
  });
  const serverLog: string[] = [];
  const pg = await startEmbeddedPostgres({ dataDir, port: dbPort, onLog: (line) => serverLog.push(line) });
  const checker = postgres(pg.url, { max: 1, onnotice: () => {} });
  // At DEBUG1 PostgreSQL logs a client that went away without saying goodbye.
  await checker`alter system set log_min_messages = debug1`;
  await checker`select pg_reload_conf()`;
  let runnerOutput = '';
  const runner = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(appPort), DATABASE_URL: pg.url, WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runner.stdout!.on('data', (chunk: Buffer) => (runnerOutput += chunk.toString()));
  runner.stderr!.on('data', (chunk: Buffer) => (runnerOutput += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => runner.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${appPort}`;
  const batch = (tag: string) => fetch(`${url}/api/ingest`, {
    method: 'POST',
    headers: { 'X-Webhook-Secret': SECRET, 'Content-Type': 'application/json' },
    body: JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ first_name: 'Shutdown', email: `${tag}-${i}@shutdown.example` }))),
  });
  try {
    await expect.poll(async () => (await fetch(`${url}/api/health`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
    expect((await batch(randomUUID())).status).toBe(200); // warm: the pool has its connections
    const eofBefore = serverLog.filter((line) => line.includes('unexpected EOF on client connection')).length;

    const tags = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    let lastAnswerAt = 0;
    const inFlight = tags.map((tag) => batch(tag).then((answer) => ((lastAnswerAt = Date.now()), answer)));
    await new Promise((resolve) => setTimeout(resolve, 150));
    runner.kill('SIGTERM');
    // The signal goes through tsx and the runner to Next.js: poll with fresh connections until
    // one is refused, which must happen while the batches are still being answered.
    let refusedAt = 0;
    for (const deadline = Date.now() + 10_000; !refusedAt && Date.now() < deadline;) {
      if (!(await connects(appPort))) refusedAt = Date.now();
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(refusedAt, 'new connections refused once stopping').toBeGreaterThan(0);

    const answers = await Promise.all(inFlight);
    expect(refusedAt, 'refused while batches were still in flight').toBeLessThan(lastAnswerAt);
    expect(answers.map((answer) => answer.status), 'the batches in flight were answered in full').toEqual([200, 200, 200, 200]);
    expect(await exited, runnerOutput).toBe(0);
    for (const tag of tags) {
      const [row] = await checker<{ n: number }[]>`
        select count(*)::int as n from public.leads where email like ${`${tag}-%`}`;
      expect(row!.n).toBe(500);
    }
    // The server logs a broken connection when it notices it: give it a moment to.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const broken = serverLog.filter((line) => line.includes('unexpected EOF on client connection')).length - eofBefore;
    expect(broken, 'connections the app dropped without closing them').toBe(0);
    const [left] = await checker<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()`;
    expect(left!.n).toBe(0);
  } finally {
    if (runner.exitCode === null) runner.kill('SIGKILL');
    await checker.end();
    await pg.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});
