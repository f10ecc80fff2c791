// npm test: typecheck, unit + integration tests (Vitest, real embedded Postgres, Debian's
// PgBouncer), then the production build and Playwright e2e in Debian's Chromium. Prints one
// summary line at the end.
//   npm test -- --only unit|integration|e2e [filters passed on to Vitest or Playwright]
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM, ensureTool, PGBOUNCER } from './lib/debian-tools';
import { embeddedUrl, freePort } from './lib/embedded-postgres';
import { ROOT } from './lib/paths';

const log = (line: string) => console.log(`[test] ${line}`);
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const filters = onlyAt >= 0 ? args.filter((_, i) => i !== onlyAt && i !== onlyAt + 1) : args;
const RESULTS = path.join(ROOT, 'test-results');
const BIN = path.join(ROOT, 'node_modules/.bin');

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function vitest(projects: string[]): Promise<Tally> {
  const output = path.join(RESULTS, 'vitest.json');
  await rm(output, { force: true });
  const code = await run(path.join(BIN, 'vitest'), [
    'run', ...projects.flatMap((name) => ['--project', name]), ...filters,
    '--reporter=default', '--reporter=json', `--outputFile.json=${output}`,
  ]);
  const report = await readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(output);
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  // A crash outside any test (a failing global setup) still has to fail the run.
  const failed = report.numFailedTests || (code === 0 ? 0 : 1);
  return { passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests };
}

async function e2e(): Promise<Tally> {
  const chromium = ensureTool(CHROMIUM, log);
  log('building the production app (next build)');
  const built = await run(path.join(BIN, 'next'), ['build']);
  if (built !== 0) return { passed: 0, failed: 1, skipped: 0 };

  const dataRoot = await mkdtemp(path.join(tmpdir(), 'leadops-e2e-'));
  await chmod(dataRoot, 0o755);
  try {
    const output = path.join(RESULTS, 'playwright.json');
    await rm(output, { force: true });
    const dbPort = await freePort();
    const code = await run(path.join(BIN, 'playwright'), ['test', '-c', 'e2e/playwright.config.ts', ...filters], {
      CHROMIUM_PATH: chromium,
      // Always a throw-away embedded database, whatever .env.local says.
      DATABASE_URL: '',
      EMBEDDED_DB_DIR: path.join(dataRoot, 'postgres'),
      EMBEDDED_DB_PORT: String(dbPort),
      E2E_DATABASE_URL: embeddedUrl(dbPort),
      E2E_PORT: String(await freePort()),
      WEBHOOK_SECRET: 'e2e-webhook-secret-0123456789',
    });
    const report = await readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(output);
    if (!report) return { passed: 0, failed: 1, skipped: 0 };
    const failed = report.stats.unexpected || (code === 0 ? 0 : 1);
    return { passed: report.stats.expected + report.stats.flaky, failed, skipped: report.stats.skipped };
  } finally {
    await rm(dataRoot, { recursive: true, force: true });
  }
}

const startedAt = performance.now();
await mkdir(RESULTS, { recursive: true });
const tallies: Record<string, Tally> = {};

if (!only) {
  log('typecheck (tsc --noEmit)');
  const code = await run(path.join(BIN, 'tsc'), ['--noEmit']);
  tallies.typecheck = { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
}
if (!only || only === 'integration') {
  try {
    ensureTool(PGBOUNCER, log);
  } catch (error) {
    // The other tests still run; the transaction-pooler tests fail, saying the same.
    console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
  }
}
if (!only || only === 'unit' || only === 'integration') {
  tallies.vitest = await vitest(only ? [only] : ['unit', 'integration']);
}
if (!only || only === 'e2e') {
  try {
    tallies.e2e = await e2e();
  } catch (error) {
    console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
    tallies.e2e = { passed: 0, failed: 1, skipped: 0 };
  }
}

const total = Object.values(tallies).reduce(
  (sum, t) => ({ passed: sum.passed + t.passed, failed: sum.failed + t.failed, skipped: sum.skipped + t.skipped }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log('');
for (const [name, t] of Object.entries(tallies)) {
  log(`${name}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
}
log(`total time ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
