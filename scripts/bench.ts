// npm run bench [-- --quick]: LeadOps under load on a throw-away embedded PostgreSQL, against a
// production build of this app (built into .next-bench, started with next start), loopback
// only. Prints one table per scenario and writes bench/results/latest.json and latest.md.
// Missed targets are reported; a broken invariant, or a scenario that cannot run, exits 1.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Sql } from 'postgres';
import { createSource, startBenchCluster, type BenchCluster, type BenchSource } from './bench/database';
import { atLeast, failed, ratio, type Figure } from './bench/figures';
import { buildApp, startApp, type RunningApp } from './bench/next-app';
import { BATCH_SIZES, profileFrom } from './bench/profile';
import { describeMachine, printReport, writeReport } from './bench/report';
import { assignmentContention, CONTENTION } from './bench/scenarios/contention';
import { CSV_IMPORT, csvImport } from './bench/scenarios/csv-import';
import { directBaselines } from './bench/scenarios/direct-sql';
import { BASELINES, INGEST, ingestOverHttp } from './bench/scenarios/ingest-http';
import { ORDERS, orders } from './bench/scenarios/orders';
import { rescoring, SCORING } from './bench/scenarios/scoring';

const log = (line: string) => console.log(`[bench] ${line}`);
const profile = profileFrom(process.argv.slice(2));
const startedAt = performance.now();
const loadAverage = loadavg()[0] ?? 0;
const figures: Figure[] = [];

/** One scenario; if it throws, that is its figure (an error) and the others still run. */
async function scenario<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
  log(name);
  try {
    return await run();
  } catch (error) {
    log(`${name} did not run: ${error instanceof Error ? error.message : String(error)}`);
    figures.push(failed(name, error));
    return undefined;
  }
}

const dir = await mkdtemp(path.join(tmpdir(), 'leadops-bench-'));
// PostgreSQL runs as its own OS user when we are root: it must be able to enter the folder.
await chmod(dir, 0o755);
let cluster: BenchCluster | undefined;
let app: RunningApp | undefined;
let exitCode = 0;

/** The app on a fresh database (with a webhook source) for the length of `run`. */
async function withApp<T>(name: string, run: (app: RunningApp, sql: Sql, source: BenchSource) => Promise<T>): Promise<T> {
  const { url, sql } = await cluster!.fresh(name);
  // Made before the app starts: it reads the sources on its first webhook request.
  const source = await createSource(sql, 'bench');
  app = await startApp(url, path.join(dir, `next-${name}.log`));
  try {
    return await run(app, sql, source);
  } finally {
    await app.stop();
    app = undefined;
  }
}

try {
  // The build takes about a minute of CPU; the database starts and migrates meanwhile.
  const [built, started] = await Promise.allSettled([buildApp(path.join(dir, 'build.log'), log), startBenchCluster(dir, log)]);
  if (started.status === 'fulfilled') cluster = started.value;
  if (built.status === 'rejected') throw built.reason;
  if (started.status === 'rejected') throw started.reason;
  if (built.value === 'reused') log('reusing the build in .next-bench (newer than every source file)');
  const fresh = (name: string) => cluster!.fresh(name).then(({ sql }) => sql);
  const machine = describeMachine(profile, cluster!.serverVersion, loadAverage);

  const http = await scenario(INGEST, () => withApp('intake', (running, sql, source) => ingestOverHttp({ app: running, sql, source, profile })));
  const direct = await scenario(BASELINES, async () => directBaselines({ sql: await fresh('direct'), profile }));
  figures.push(
    ...(http?.figures ?? []),
    ...(direct?.figures ?? []),
    ratio(BASELINES, 'HTTP ingest / (a) echo, best closed-loop rates', http?.ingestMax, http?.echoMax, atLeast(0.7)),
    ratio(BASELINES, '(b) ingest_lead / (c) commit ceiling', direct?.ingestRate, direct?.commitRate, atLeast(0.3)),
    ...BATCH_SIZES.map((size) => ratio(BASELINES, `batches of ${size} routed / (b) ingest_lead`, http?.batchRouted[size], direct?.ingestRate)),
  );
  figures.push(...(await scenario(CSV_IMPORT, () => withApp('csv', (running, sql) => csvImport({ app: running, sql, profile })))) ?? []);
  figures.push(...(await scenario(CONTENTION, async () => assignmentContention({ sql: await fresh('contention'), profile }))) ?? []);
  figures.push(...(await scenario(ORDERS, async () => orders({ sql: await fresh('orders'), profile }))) ?? []);
  figures.push(...(await scenario(SCORING, async () => rescoring({ sql: await fresh('scoring'), profile }))) ?? []);
  figures.push({ scenario: '6. Explorer and realtime', name: 'not yet built', value: null, unit: '', verdict: 'not yet built' });

  // Reported by number; run in the order above, each scenario in a database of its own.
  const number = (f: Figure) => Number.parseInt(f.scenario, 10);
  figures.sort((a, b) => number(a) - number(b));
  printReport(machine, figures);
  const written = await writeReport(machine, figures);
  const broken = figures.filter((f) => f.verdict === 'violation' || f.verdict === 'error');
  log(`wrote ${path.relative(process.cwd(), written.json)} and ${path.relative(process.cwd(), written.markdown)} in ${Math.round((performance.now() - startedAt) / 1000)} s`);
  if (broken.length > 0) {
    log(`${broken.length} figure(s) failed: ${broken.map((f) => `${f.scenario}: ${f.name}`).join('; ')}`);
    exitCode = 1;
  }
} catch (error) {
  console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await app?.stop();
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
