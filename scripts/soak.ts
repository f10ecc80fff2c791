// npm run soak [-- --minutes N] [-- --rate R] [-- --quick]: the production build (the bench's
// .next-bench) under a steady, open-loop rate of mixed traffic for N minutes (default 5; --quick:
// 1) at R requests/s (default 50), on a throw-away embedded PostgreSQL, loopback only. Every 15 s
// it samples the Next.js server's memory and the latency of that stretch, to tell whether memory
// and p99 level off. Prints a table and writes bench/results/soak.json and soak.md.
import { chmod, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addCallers, ROUTING_CALLERS } from './bench/callers';
import { createSource, startBenchCluster, type BenchCluster, type BenchSource } from './bench/database';
import { nextLead } from './bench/leads';
import { buildApp, startApp, type RunningApp } from './bench/next-app';
import { profileFrom } from './bench/profile';
import { percentiles } from './bench/sql-load';
import { describeMachine, type Machine } from './bench/report';
import { ROOT } from './lib/paths';

const log = (line: string) => console.log(`[soak] ${line}`);

const SAMPLE_EVERY_S = 15;
const TABLE_WINDOW_S = 30;
// Unmeasured: the first requests of each kind load route modules and fill the pool.
const WARMUP_S = 15;
const REQUEST_TIMEOUT_MS = 30_000;
const BATCH_SIZE = 10;

interface Options {
  minutes: number;
  rate: number;
  quick: boolean;
}

function optionsFrom(args: string[]): Options {
  const { values } = parseArgs({ args, options: { minutes: { type: 'string' }, rate: { type: 'string' }, quick: { type: 'boolean' } } });
  const positive = (text: string | undefined, fallback: number, name: string) => {
    const value = text === undefined ? fallback : Number(text);
    if (!(value > 0)) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  const quick = values.quick ?? false;
  return { minutes: positive(values.minutes, quick ? 1 : 5, 'minutes'), rate: positive(values.rate, 50, 'rate'), quick };
}

// ---- Traffic ---------------------------------------------------------------------------------

type Kind = 'lead' | 'batch' | 'overview' | 'leads api' | 'health';

interface Outcome {
  kind: Kind;
  /** From the moment the schedule said to send it: a slow server cannot hide a queue. */
  ms: number;
  /** 0: no answer; `failure` says why (connection error, timeout). */
  status: number;
  failure?: string;
}

/**
 * Twenty requests in turn: sixteen single leads, one batch, and three dashboard reads (the
 * Overview page as a browser gets it, the leads list API, the health check). Local mode on
 * loopback: the dashboard opens as the local admin without signing in.
 */
const CYCLE: Kind[] = [...Array<Kind>(16).fill('lead'), 'batch', 'overview', 'leads api', 'health'];

const REQUEST_OF_KIND: Record<Kind, string> = {
  lead: 'single lead (POST /api/ingest, fresh phone)',
  batch: `batch of ${BATCH_SIZE} (POST /api/ingest)`,
  overview: 'Overview page (GET /)',
  'leads api': 'GET /api/leads',
  health: 'GET /api/health',
};

function requestOf(kind: Kind, baseUrl: string, source: BenchSource): [string, RequestInit] {
  const webhook = { 'content-type': 'application/json', 'x-webhook-secret': source.secret };
  switch (kind) {
    case 'lead': {
      const lead = nextLead({ duplicates: false });
      return [`${baseUrl}/api/ingest`, { method: 'POST', headers: { ...webhook, 'idempotency-key': `soak-${lead.email}` }, body: JSON.stringify(lead) }];
    }
    case 'batch':
      return [`${baseUrl}/api/ingest`, { method: 'POST', headers: webhook, body: JSON.stringify(Array.from({ length: BATCH_SIZE }, () => nextLead({ duplicates: false }))) }];
    case 'overview':
      return [`${baseUrl}/`, {}];
    case 'leads api':
      return [`${baseUrl}/api/leads?page=1&per_page=50`, {}];
    case 'health':
      return [`${baseUrl}/api/health`, {}];
  }
}

async function send(kind: Kind, baseUrl: string, source: BenchSource, scheduledAt: number): Promise<Outcome> {
  const [url, init] = requestOf(kind, baseUrl, source);
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    // Read to the end: the answer is not complete until then, and the connection is reused.
    await response.arrayBuffer();
    return { kind, ms: performance.now() - scheduledAt, status: response.status };
  } catch (error) {
    // fetch wraps the socket's error (ECONNRESET, UND_ERR_CONNECT_TIMEOUT, …) as its cause.
    const cause = error instanceof Error ? (error.cause as { code?: string } | undefined)?.code ?? error.name : String(error);
    return { kind, ms: performance.now() - scheduledAt, status: 0, failure: cause };
  }
}

/** 409 is a duplicate, an answer the app gives on purpose (none are expected: phones are fresh). */
const isError = (status: number) => !(status >= 200 && status < 300) && status !== 409;

/**
 * Sends `rate` requests per second for `seconds`, each at its own fixed time whatever is still
 * in flight (an open loop: a closed loop would wait for a slow answer and hide the queue behind
 * it), and resolves once every answer is in. `onOutcome` hears each as it arrives.
 */
function drive(seconds: number, rate: number, baseUrl: string, source: BenchSource, onOutcome: (outcome: Outcome) => void): Promise<void> {
  const total = Math.round(seconds * rate);
  const startedAt = performance.now();
  const inFlight: Promise<void>[] = [];
  let sent = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (; sent < total && startedAt + (sent * 1000) / rate <= now; sent += 1) {
        inFlight.push(send(CYCLE[sent % CYCLE.length]!, baseUrl, source, startedAt + (sent * 1000) / rate).then(onOutcome));
      }
      if (sent < total) setTimeout(tick, Math.max(0, startedAt + (sent * 1000) / rate - performance.now()));
      else void Promise.all(inFlight).then(() => resolve());
    };
    tick();
  });
}

// ---- The server process ----------------------------------------------------------------------

/**
 * The pid of the process listening on `port` among our descendants: whichever process `next
 * start` serves from, however many levels down.
 */
async function listenerPid(port: number): Promise<number> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; the socket's inode is field 9.
      if (fields[3] === '0A' && Number.parseInt(fields[1]?.split(':')[1] ?? '', 16) === port && fields[9]) inodes.add(fields[9]);
    }
  }
  for (const pid of await descendants(process.pid)) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (inodes.has(target.slice('socket:['.length, -1))) return pid;
    }
  }
  throw new Error(`no process of ours listens on port ${port}`);
}

async function descendants(root: number): Promise<number[]> {
  const parentOf = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The name in parentheses may hold spaces; the parent pid is the second field after it.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid) parentOf.set(Number(entry), ppid);
  }
  const found: number[] = [];
  const isOurs = (pid: number): boolean => {
    const parent = parentOf.get(pid);
    return parent === root || (parent !== undefined && parent !== pid && isOurs(parent));
  };
  for (const pid of parentOf.keys()) if (isOurs(pid)) found.push(pid);
  return found;
}

interface Memory {
  /** Resident set, all of it. */
  rssMiB: number;
  /** Its anonymous part (V8's heap, Buffers, malloc): RSS without the mapped code and files. */
  anonMiB: number;
  /** CPU seconds (user + system) so far. */
  cpuS: number;
}

// Linux's USER_HZ: /proc reports CPU time in ticks of 1/100 s on every architecture Node runs on.
const TICKS_PER_S = 100;

async function readProcess(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kiB = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, the 12th and 13th after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMiB: kiB('VmRSS') / 1024, anonMiB: kiB('RssAnon') / 1024, cpuS: ticks / TICKS_PER_S };
}

// ---- Windows and figures ---------------------------------------------------------------------

interface Sample {
  /** Seconds since the measured run began, at the end of this stretch. */
  atS: number;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  rssMiB: number;
  anonMiB: number;
  /** The server's share of one core over the stretch. */
  serverCpuPct: number;
  loadAverage: number;
}

function latencyOf(outcomes: readonly Outcome[]): { p50: number; p99: number } {
  const { p50, p99 } = percentiles(outcomes.map((o) => o.ms).sort((a, b) => a - b));
  return { p50, p99 };
}

/** Least-squares slope of `of` (MiB) over time, in MiB per minute. */
function slopePerMinute(samples: readonly Sample[], of: (s: Sample) => number): number {
  const n = samples.length;
  if (n < 2) return Number.NaN;
  const meanT = samples.reduce((sum, s) => sum + s.atS, 0) / n;
  const meanY = samples.reduce((sum, s) => sum + of(s), 0) / n;
  const covariance = samples.reduce((sum, s) => sum + (s.atS - meanT) * (of(s) - meanY), 0);
  const variance = samples.reduce((sum, s) => sum + (s.atS - meanT) ** 2, 0);
  return (covariance / variance) * 60;
}

interface Row {
  window: string;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  rssMiB: number;
  anonMiB: number;
  serverCpuPct: number;
  loadAverage: number;
}

interface Verdict {
  p99FirstMs: number;
  p99LastMs: number;
  p99Ratio: number;
  rssAfterWarmupMiB: number;
  rssAt1MinMiB: number;
  rssEndMiB: number;
  rssLowFirstHalfMiB: number;
  rssPeakFirstHalfMiB: number;
  rssLowSecondHalfMiB: number;
  rssPeakSecondHalfMiB: number;
  /** Fitted over the samples of the second half of the run. */
  rssSlopeSecondHalf: number;
  anonSlopeSecondHalf: number;
  rssSlopeFirstHalf: number;
  /**
   * RSS is a sawtooth: V8 lets its heap grow and gives pages back after a full GC, up to a hundred
   * MiB at a time, so a slope over a few minutes can say almost anything. Rising: even the second
   * half's lowest sample is above the first half's peak. Bounded: the second half comes back down
   * below it; a leak slower than the swing over the run's length could still hide in that.
   */
  memory: 'rising' | 'bounded';
  /** About the slowest leak `rising` can see: one that lifts the second half by its own swing. */
  hiddenLeakMiBPerMin: number;
}

const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Each table window: its requests' rate and latency, and memory as sampled at its end. */
function rowsOf(samples: readonly Sample[], byStretch: readonly Outcome[][]): Row[] {
  const perWindow = TABLE_WINDOW_S / SAMPLE_EVERY_S;
  const rows: Row[] = [];
  for (let i = 0; i < samples.length; i += perWindow) {
    const stretch = samples.slice(i, i + perWindow);
    const last = stretch.at(-1)!;
    const outcomes = byStretch.slice(i, i + perWindow).flat();
    const seconds = last.atS - (samples[i - 1]?.atS ?? 0);
    rows.push({
      window: `${clock(samples[i - 1]?.atS ?? 0)}–${clock(last.atS)}`,
      perSecond: outcomes.length / seconds,
      ...latencyOf(outcomes),
      errors: outcomes.filter((o) => isError(o.status)).length,
      rssMiB: last.rssMiB,
      anonMiB: last.anonMiB,
      serverCpuPct: stretch.reduce((sum, s) => sum + s.serverCpuPct, 0) / stretch.length,
      loadAverage: last.loadAverage,
    });
  }
  return rows;
}

function verdictOf(samples: readonly Sample[], rows: readonly Row[], rssAfterWarmupMiB: number): Verdict {
  const end = samples.at(-1)!;
  // Split by sample, not by clock (the last stretch runs a little long): both halves share the middle sample.
  const middle = Math.floor((samples.length - 1) / 2);
  const firstHalf = samples.slice(0, middle + 1);
  const secondHalf = samples.slice(middle);
  const rssSlopeSecondHalf = slopePerMinute(secondHalf, (s) => s.rssMiB);
  const peakFirstHalf = Math.max(...firstHalf.map((s) => s.rssMiB));
  const peakSecondHalf = Math.max(...secondHalf.map((s) => s.rssMiB));
  const lowSecondHalf = Math.min(...secondHalf.map((s) => s.rssMiB));
  return {
    p99FirstMs: rows[0]!.p99,
    p99LastMs: rows.at(-1)!.p99,
    p99Ratio: rows.at(-1)!.p99 / rows[0]!.p99,
    rssAfterWarmupMiB,
    rssAt1MinMiB: (samples.find((s) => s.atS >= 60) ?? end).rssMiB,
    rssEndMiB: end.rssMiB,
    rssLowFirstHalfMiB: Math.min(...firstHalf.map((s) => s.rssMiB)),
    rssPeakFirstHalfMiB: peakFirstHalf,
    rssLowSecondHalfMiB: lowSecondHalf,
    rssPeakSecondHalfMiB: peakSecondHalf,
    rssSlopeSecondHalf,
    anonSlopeSecondHalf: slopePerMinute(secondHalf, (s) => s.anonMiB),
    rssSlopeFirstHalf: slopePerMinute(firstHalf, (s) => s.rssMiB),
    memory: lowSecondHalf > peakFirstHalf ? 'rising' : 'bounded',
    hiddenLeakMiBPerMin: (peakSecondHalf - lowSecondHalf) / (end.atS / 2 / 60),
  };
}

/** p50 and p99 of each kind of request over the whole run: which traffic is slow. */
function byKind(outcomes: readonly Outcome[]): { kind: Kind; requests: number; p50: number; p99: number; errors: number }[] {
  return [...new Set(CYCLE)].map((kind) => {
    const mine = outcomes.filter((o) => o.kind === kind);
    return { kind, requests: mine.length, ...latencyOf(mine), errors: mine.filter((o) => isError(o.status)).length };
  });
}

// ---- Report ----------------------------------------------------------------------------------

function tableLines(rows: readonly Row[], markdown: boolean): string[] {
  const titles = ['Window', 'req/s', 'p50 ms', 'p99 ms', 'Errors', 'RSS MiB', 'anon MiB', 'server CPU %', 'load'];
  const cells = rows.map((r) => [r.window, r.perSecond.toFixed(1), r.p50.toFixed(0), r.p99.toFixed(0), String(r.errors),
    r.rssMiB.toFixed(0), r.anonMiB.toFixed(0), r.serverCpuPct.toFixed(0), r.loadAverage.toFixed(2)]);
  if (markdown) {
    return [`| ${titles.join(' | ')} |`, `| --- |${' ---: |'.repeat(titles.length - 1)}`, ...cells.map((row) => `| ${row.join(' | ')} |`)];
  }
  const widths = titles.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(titles), ...cells.map(line)];
}

function verdictLines(v: Verdict): string[] {
  return [
    `p99, first window → last: ${v.p99FirstMs.toFixed(0)} ms → ${v.p99LastMs.toFixed(0)} ms (×${v.p99Ratio.toFixed(2)})`,
    `Server RSS: ${v.rssAfterWarmupMiB.toFixed(0)} MiB after warm-up, ${v.rssAt1MinMiB.toFixed(0)} MiB at 1 min, ${v.rssEndMiB.toFixed(0)} MiB at the end`,
    `RSS slope: ${v.rssSlopeFirstHalf.toFixed(1)} MiB/min over the first half, ${v.rssSlopeSecondHalf.toFixed(1)} MiB/min over the second (anon ${v.anonSlopeSecondHalf.toFixed(1)})`,
    `RSS range: ${v.rssLowFirstHalfMiB.toFixed(0)}–${v.rssPeakFirstHalfMiB.toFixed(0)} MiB over the first half, ${v.rssLowSecondHalfMiB.toFixed(0)}–${v.rssPeakSecondHalfMiB.toFixed(0)} MiB over the second`,
    v.memory === 'rising'
      ? 'Memory is rising: all of the second half is above the first half\'s peak.'
      : `Memory is bounded: the second half comes back down to ${v.rssLowSecondHalfMiB.toFixed(0)} MiB, under the first half's peak ` +
        `(a leak slower than about ${v.hiddenLeakMiBPerMin.toFixed(0)} MiB/min would hide in GC swings this size; run longer to see one).`,
  ];
}

interface Report {
  machine: Machine;
  options: Options;
  mix: string;
  samples: Sample[];
  rows: Row[];
  kinds: ReturnType<typeof byKind>;
  verdict: Verdict;
  firstErrors: string[];
}

async function writeResults(report: Report): Promise<void> {
  const dir = path.join(ROOT, 'bench/results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);
  const { machine, options } = report;
  const lines = [
    `# LeadOps soak, ${options.minutes} min at ${options.rate} req/s, ${machine.date}`,
    '',
    `${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.postgres}, ${machine.os}, commit ${machine.commit}  `,
    `Load average when the run began: ${machine.loadAverage.toFixed(2)}; each window's is in the table (anything else running skews the latencies).  `,
    `Mix: ${report.mix}.  `,
    'Open loop at a fixed schedule, latency counted from each request\'s scheduled time; the load generator, Next.js and PostgreSQL share these cores.',
    '',
    ...tableLines(report.rows, true),
    '',
    '## Verdict',
    '',
    ...verdictLines(report.verdict).map((line) => `- ${line}`),
    '',
    '## By kind of request',
    '',
    '| Kind | Requests | p50 ms | p99 ms | Errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...report.kinds.map((k) => `| ${k.kind} | ${k.requests} | ${k.p50.toFixed(0)} | ${k.p99.toFixed(0)} | ${k.errors} |`),
    ...(report.firstErrors.length > 0 ? ['', '## First errors', '', ...report.firstErrors.map((e) => `- ${e}`)] : []),
  ];
  await writeFile(path.join(dir, 'soak.md'), `${lines.join('\n')}\n`);
}

// ---- Run -------------------------------------------------------------------------------------

const options = optionsFrom(process.argv.slice(2));
const loadAtStart = loadavg()[0] ?? 0;
const dir = await mkdtemp(path.join(tmpdir(), 'leadops-soak-'));
// PostgreSQL runs as its own OS user when we are root: it must be able to enter the folder.
await chmod(dir, 0o755);
let cluster: BenchCluster | undefined;
let app: RunningApp | undefined;
let exitCode = 0;

try {
  const [built, started] = await Promise.allSettled([buildApp(path.join(dir, 'build.log'), log), startBenchCluster(dir, log)]);
  if (started.status === 'fulfilled') cluster = started.value;
  if (built.status === 'rejected') throw built.reason;
  if (started.status === 'rejected') throw started.reason;
  if (built.value === 'reused') log('reusing the build in .next-bench (newer than every source file)');

  const { url, sql } = await cluster!.fresh('soak');
  // Made before the app starts: it reads the sources on its first webhook request.
  const source = await createSource(sql, 'soak');
  // Leads are routed, as in production: eight callers with caps no run reaches.
  await addCallers(sql, ROUTING_CALLERS);
  app = await startApp(url, path.join(dir, 'next.log'));
  const pid = await listenerPid(Number(new URL(app.baseUrl).port));
  log(`next start serves from pid ${pid}: ${((await readProcess(pid)).rssMiB).toFixed(0)} MiB RSS idle`);

  log(`warm-up: ${WARMUP_S} s at ${options.rate} req/s`);
  await drive(WARMUP_S, options.rate, app.baseUrl, source, () => {});
  const afterWarmup = await readProcess(pid);

  const seconds = options.minutes * 60;
  log(`soak: ${options.minutes} min at ${options.rate} req/s, sampled every ${SAMPLE_EVERY_S} s`);
  const samples: Sample[] = [];
  const byStretch: Outcome[][] = [];
  const firstErrors: string[] = [];
  let stretch: Outcome[] = [];
  const startedAt = performance.now();
  let previous = { at: startedAt, cpuS: afterWarmup.cpuS };
  const takeSample = async () => {
    const now = performance.now();
    const memory = await readProcess(pid);
    const done = stretch;
    stretch = [];
    byStretch.push(done);
    const sample: Sample = {
      atS: round1((now - startedAt) / 1000),
      requests: done.length,
      ...latencyOf(done),
      errors: done.filter((o) => isError(o.status)).length,
      rssMiB: round1(memory.rssMiB),
      anonMiB: round1(memory.anonMiB),
      serverCpuPct: Math.round(((memory.cpuS - previous.cpuS) / ((now - previous.at) / 1000)) * 100),
      loadAverage: loadavg()[0] ?? 0,
    };
    previous = { at: now, cpuS: memory.cpuS };
    samples.push(sample);
    log(`${clock(sample.atS)}  ${sample.requests} answers  p50 ${sample.p50.toFixed(0)} ms  p99 ${sample.p99.toFixed(0)} ms  errors ${sample.errors}  ` +
      `RSS ${sample.rssMiB.toFixed(0)} MiB (anon ${sample.anonMiB.toFixed(0)})  server CPU ${sample.serverCpuPct}%  load ${sample.loadAverage.toFixed(2)}`);
  };
  // The last stretch ends when its last answer is in, not on the clock, so that it holds them all.
  const stretches = Math.max(1, Math.round(seconds / SAMPLE_EVERY_S));
  const sampler = setInterval(() => {
    if (samples.length < stretches - 1) void takeSample();
  }, SAMPLE_EVERY_S * 1000);
  await drive(seconds, options.rate, app.baseUrl, source, (outcome) => {
    stretch.push(outcome);
    if (isError(outcome.status) && firstErrors.length < 10) firstErrors.push(`${outcome.kind}: ${outcome.status || `no answer (${outcome.failure})`} after ${outcome.ms.toFixed(0)} ms`);
  });
  clearInterval(sampler);
  await takeSample();

  const rows = rowsOf(samples, byStretch);
  const verdict = verdictOf(samples, rows, round1(afterWarmup.rssMiB));
  const kinds = byKind(byStretch.flat());
  const machine = describeMachine(profileFrom(options.quick ? ['--quick'] : []), cluster!.serverVersion, loadAtStart);
  const mix = `of every ${CYCLE.length} requests, ${kinds.map((k) => `${CYCLE.filter((c) => c === k.kind).length} × ${REQUEST_OF_KIND[k.kind]}`).join(' · ')}; ` +
    `leads routed to ${ROUTING_CALLERS.length} callers`;

  console.log(`\nLeadOps soak: ${options.minutes} min at ${options.rate} req/s (${mix}); load average at start ${loadAtStart.toFixed(2)}\n`);
  for (const line of tableLines(rows, false)) console.log(line);
  console.log('');
  for (const k of kinds) console.log(`${k.kind.padEnd(10)} ${String(k.requests).padStart(6)} requests  p50 ${k.p50.toFixed(0)} ms  p99 ${k.p99.toFixed(0)} ms  errors ${k.errors}`);
  console.log('');
  for (const line of verdictLines(verdict)) console.log(line);
  await writeResults({ machine, options, mix, samples, rows, kinds, verdict, firstErrors });
  log('wrote bench/results/soak.json and bench/results/soak.md');
} catch (error) {
  console.error(`[soak] ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await app?.stop();
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
