import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../lib/embedded-postgres';
import { ROOT } from '../lib/paths';

/** The bench's own build folder: `.next` stays whatever `npm test`'s e2e run or `npm start` put there. */
const DIST_DIR = '.next-bench';
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');

// What the build reads. A build newer than all of them is reused, so a second run (and every
// --quick run after the first) does not spend a minute building the same thing again.
const BUILD_INPUTS = ['app', 'components', 'lib', 'proxy.ts', 'next.config.ts', 'postcss.config.mjs', 'package-lock.json'];
// `next build` rewrites these two for its dist folder (a types include, the routes import);
// they are put back as they were, so the bench leaves the working tree as it found it.
const REWRITTEN_BY_BUILD = ['tsconfig.json', 'next-env.d.ts'];

// Local mode whatever .env.local says: the CSV import acts as the local admin, as on `npm start`.
const LOCAL_ENV = { NEXT_PUBLIC_SUPABASE_URL: '', NEXT_PUBLIC_SUPABASE_ANON_KEY: '', NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: DIST_DIR };

/** `next build` into .next-bench, unless the build there is newer than every source file. */
export async function buildApp(logFile: string, log: (line: string) => void): Promise<'built' | 'reused'> {
  if (await buildIsFresh()) return 'reused';
  log(`building the app into ${DIST_DIR} (next build, about a minute on 2 cores)`);
  const saved = await Promise.all(REWRITTEN_BY_BUILD.map(async (name) => {
    const file = path.join(ROOT, name);
    return { file, text: await readFile(file, 'utf8').catch(() => null), times: await stat(file).catch(() => null) };
  }));
  try {
    const code = await runToLog([NEXT_BIN, 'build'], logFile, { ...process.env, ...LOCAL_ENV, NEXT_SKIP_TYPE_CHECK: '1' });
    if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${await tail(logFile)}`);
  } finally {
    for (const { file, text, times } of saved) {
      if (text === null || (await readFile(file, 'utf8').catch(() => null)) === text) continue;
      await writeFile(file, text);
      if (times) await utimes(file, times.atime, times.mtime);
    }
  }
  return 'built';
}

async function buildIsFresh(): Promise<boolean> {
  const built = await stat(path.join(ROOT, DIST_DIR, 'BUILD_ID')).catch(() => null);
  if (!built) return false;
  for (const input of BUILD_INPUTS) {
    if ((await newestChange(path.join(ROOT, input))) > built.mtimeMs) return false;
  }
  return true;
}

async function newestChange(file: string): Promise<number> {
  const info = await stat(file).catch(() => null);
  if (!info?.isDirectory()) return info?.mtimeMs ?? 0;
  // A deleted file changes its folder's mtime, so folders count too.
  let newest = info.mtimeMs;
  for (const entry of await readdir(file, { recursive: true })) {
    newest = Math.max(newest, (await stat(path.join(file, entry)).catch(() => null))?.mtimeMs ?? 0);
  }
  return newest;
}

export interface RunningApp {
  baseUrl: string;
  stop(): Promise<void>;
  /** The last lines of its output, to say why it failed. */
  logTail(): Promise<string>;
}

/**
 * `next start` of the bench build against the bench database, as `npm start` runs it: loopback
 * only and LOCAL_MODE (so the CSV import can act as the local admin), logging at info as in
 * production (to a file, not through us). LEADOPS_BENCH_ROUTES=1 turns on /api/bench/echo.
 */
export async function startApp(databaseUrl: string, logFile: string): Promise<RunningApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...LOCAL_ENV, DATABASE_URL: databaseUrl, LOCAL_MODE: '1', LEADOPS_BENCH_ROUTES: '1', LOG_LEVEL: 'info' },
  });
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const app: RunningApp = { baseUrl, stop: () => stopChild(child, exited), logTail: () => tail(logFile) };
  try {
    await waitForHealth(baseUrl, exited);
  } catch (error) {
    await app.stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${await app.logTail()}`);
  }
  return app;
}

async function waitForHealth(baseUrl: string, exited: Promise<number | null>): Promise<void> {
  let gone: number | null | undefined;
  void exited.then((code) => { gone = code; });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`next start exited (code ${gone}) before it answered`);
    const ok = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('next start did not answer /api/health within 60 s');
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

function runToLog(args: string[], logFile: string, env: NodeJS.ProcessEnv): Promise<number> {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', out, out], env });
  closeSync(out);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

async function tail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
