import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from '../support/second-server';

// `npm start` as a supervisor sees it: the embedded database is restarted when it dies, a
// SIGTERM stops everything, and when Next.js dies the runner exits non-zero (so that it is
// restarted) after stopping the database.
const root = path.resolve(import.meta.dirname, '../..');
const SECRET = `whsec_${randomUUID()}`;

function exited(child: ChildProcess, withinMs: number): Promise<number | null | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), withinMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

async function until(check: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Every process below pid (tsx runs the runner in a child, which runs Next.js). */
function descendants(pid: number): number[] {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

// Next.js renames its process ("next-server (v16…)"), so its command line is read, not matched up front.
const commandOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

const portFree = (port: number) => new Promise<boolean>((resolve) => {
  const socket = net.connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(false); });
  socket.once('error', () => resolve(true));
});

test('npm start restarts a killed database, stops on SIGTERM, and exits non-zero when Next.js dies', async () => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(path.join(tmpdir(), 'leadops-lifecycle-'));
  await chmod(dir, 0o755);
  const dataDir = path.join(dir, 'pg');
  const [appPort, dbPort] = [await freePort(), await freePort()];
  let output = '';
  const start = () => {
    const runner = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'scripts/start.ts'], {
      cwd: root,
      env: { ...process.env, PORT: String(appPort), DATABASE_URL: '', EMBEDDED_DB_DIR: dataDir, EMBEDDED_DB_PORT: String(dbPort),
        WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    runner.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    runner.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return runner;
  };
  const healthy = async () => (await fetch(`http://127.0.0.1:${appPort}/api/health`)).status === 200;
  const ingest = async () => (await fetch(`http://127.0.0.1:${appPort}/api/ingest`, {
    method: 'POST', headers: { 'X-Webhook-Secret': SECRET, 'Content-Type': 'application/json' },
    body: JSON.stringify({ first_name: 'Lifecycle', email: `${randomUUID()}@lifecycle.example` }),
  })).status;
  let runner = start();
  try {
    expect(await until(healthy, 90_000), output).toBe(true);

    // The database is killed: the runner brings it back, and the app serves again by itself.
    const postmaster = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    spawnSync('kill', ['-9', String(postmaster)]);
    expect(await until(async () => !(await healthy()), 5_000)).toBe(true);
    expect(await until(healthy, 30_000), output).toBe(true);
    expect(output).toContain('PostgreSQL stopped unexpectedly; restarting it');
    expect(await ingest()).toBe(201);

    // A supervisor's SIGTERM stops it all, Next.js first, then the restarted database, and exits 0.
    runner.kill('SIGTERM');
    expect(await exited(runner, 20_000)).toBe(0);
    expect(await until(() => portFree(dbPort), 10_000)).toBe(true);

    // Next.js dies on its own: the database is stopped and the runner exits non-zero.
    runner = start();
    expect(await until(healthy, 60_000), output).toBe(true);
    const next = descendants(runner.pid!).find((pid) => /next/.test(commandOf(pid)) && !/tsx/.test(commandOf(pid)));
    expect(next, 'the Next.js server process').toBeDefined();
    const exit = exited(runner, 20_000);
    spawnSync('kill', ['-9', String(next)]);
    const code = await exit;
    expect(code).not.toBe('timeout');
    expect(code).not.toBe(0);
    expect(output).toContain('stopped unexpectedly (SIGKILL)');
    expect(await until(() => portFree(dbPort), 10_000)).toBe(true);
  } finally {
    for (const pid of descendants(runner.pid!)) spawnSync('kill', ['-9', String(pid)]);
    runner.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
});
