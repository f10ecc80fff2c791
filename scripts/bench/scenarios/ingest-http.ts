import type { Sql } from 'postgres';
import { addCallers, ROUTING_CALLERS, setActive } from '../callers';
import type { BenchSource } from '../database';
import { atLeast, figure, p99AtMost, type Figure, type Target } from '../figures';
import { runHttp, statusLine, type HttpLoad, type HttpRun } from '../http-load';
import { nextLead } from '../leads';
import type { RunningApp } from '../next-app';
import { BATCH_SIZES, type BatchSize, type Profile } from '../profile';

export const INGEST = '1. Ingest over HTTP';
export const BASELINES = '2. Baselines';

const CONNECTIONS = [1, 16, 64] as const;
// A few senders at once, as several Make.com scenarios or sheets posting side by side.
const BATCH_CONNECTIONS = 4;

export interface IngestHttpResult {
  figures: Figure[];
  /** The best closed-loop rates, for the ratios. */
  ingestMax: number;
  echoMax: number;
  /** Leads per second in batches routed to the callers, by batch size. */
  batchRouted: Partial<Record<BatchSize, number>>;
}

/**
 * Scenario 1, and baseline (a) beside it: POST /api/ingest with one lead per request (new leads,
 * 5% duplicates by phone, each with its own Idempotency-Key) while routing to the eight bench
 * callers, closed loop at 1, 16 and 64 connections; the same requests to /api/bench/echo; then
 * an open loop at 50% and 80% of the best closed-loop rate; then JSON-array batches into stock
 * and routed. `sql` is the app's database, where `source` exists.
 */
export async function ingestOverHttp(
  { app, sql, source, profile }: { app: RunningApp; sql: Sql; source: BenchSource; profile: Profile },
): Promise<IngestHttpResult> {
  const headers = { 'content-type': 'application/json', 'x-webhook-secret': source.secret };
  const single = () => {
    const lead = nextLead({ duplicates: true });
    return { body: JSON.stringify(lead), headers: { 'idempotency-key': `bench-${lead.email}` } };
  };
  const ingest = (load: Omit<HttpLoad, 'url' | 'headers' | 'next'>) => runHttp({ url: `${app.baseUrl}/api/ingest`, headers, next: single, ...load });
  const echo = (load: Omit<HttpLoad, 'url' | 'headers' | 'next'>) => runHttp({ url: `${app.baseUrl}/api/bench/echo`, headers, next: single, ...load });
  const figures: Figure[] = [];
  const latencyFigure = (scenario: string, name: string, run: HttpRun, target?: Target) =>
    figure({ scenario, name, value: run.perSecond, unit: 'req/s', latency: run.latency, target, detail: statusLine(run) });

  const callers = await addCallers(sql, ROUTING_CALLERS);
  await ingest({ connections: 16, durationS: profile.warmupS });
  await echo({ connections: 16, durationS: profile.warmupS });

  const closed = new Map<number, HttpRun>();
  let echoMax = 0;
  for (const connections of CONNECTIONS) {
    const run = await ingest({ connections, durationS: profile.durationS });
    closed.set(connections, run);
    figures.push(latencyFigure(INGEST, `closed loop, ${connections} connection${connections > 1 ? 's' : ''}`, run));
    const baseline = await echo({ connections, durationS: profile.durationS });
    echoMax = Math.max(echoMax, baseline.perSecond);
    figures.push(latencyFigure(BASELINES, `(a) echo route, closed loop, ${connections} connection${connections > 1 ? 's' : ''}`, baseline));
  }
  const ingestMax = Math.max(...[...closed.values()].map((run) => run.perSecond));

  // autocannon paces a rate by giving each connection its share of every second, released at the
  // top of the second, and each connection stays closed-loop within it: every connection is a
  // burst. So as few as carry the rate: four times the concurrency Little's law gives at that
  // rate and the one-connection median latency, so that the rate is still carried when latency
  // under load is a few times that median.
  const oneConnectionMs = Math.max(1, closed.get(1)?.latency.p50 ?? 1);
  for (const share of [0.5, 0.8]) {
    const rate = Math.max(1, Math.round(share * ingestMax));
    const connections = Math.ceil((4 * rate * oneConnectionMs) / 1000);
    const run = await ingest({ connections, durationS: profile.durationS, overallRate: rate });
    const row = latencyFigure(INGEST, `open loop at ${share * 100}% of max: ${rate} req/s offered, ${connections} connections`, run,
      share === 0.5 ? p99AtMost(50) : undefined);
    if (run.perSecond < 0.95 * rate) row.detail += `; carried only ${Math.round(run.perSecond)} of the ${rate} req/s offered`;
    figures.push(row);
  }

  const batchRouted: Partial<Record<BatchSize, number>> = {};
  for (const routed of [false, true]) {
    await setActive(sql, callers, routed);
    for (const size of BATCH_SIZES) {
      const items = { created: 0, duplicate: 0, failed: 0 };
      const batches = (amount: number, onResponse?: HttpLoad['onResponse']) => runHttp({
        url: `${app.baseUrl}/api/ingest`,
        headers,
        next: () => ({ body: JSON.stringify(Array.from({ length: size }, () => nextLead({ duplicates: true }))) }),
        connections: BATCH_CONNECTIONS,
        amount,
        capS: profile.batchCapS,
        onResponse,
      });
      // Unmeasured first: a batch is a different plan from a single lead (and a routed one from
      // one into stock), and each of the app's connections makes its own on first use.
      await batches(2 * BATCH_CONNECTIONS);
      const run = await batches(profile.batchRequests[size], (status, body) => countItems(status, body, size, items));
      const perSecond = (items.created + items.duplicate) / run.seconds;
      if (routed) batchRouted[size] = perSecond;
      figures.push(figure({
        scenario: INGEST,
        name: `batches of ${size}, ${routed ? `routed to ${callers.length} callers` : 'into stock (no active callers)'}, ${BATCH_CONNECTIONS} connections`,
        value: perSecond,
        unit: 'leads/s',
        latency: run.latency,
        target: atLeast(routed ? 2_000 : 5_000),
        detail: `${statusLine(run)}; items: ${items.created} created, ${items.duplicate} duplicate, ${items.failed} failed`,
      }));
    }
  }
  return { figures, ingestMax, echoMax, batchRouted };
}

/** Tallies a batch answer's items; a whole-request failure counts every item it held as failed. */
function countItems(status: number, body: string, size: number, items: { created: number; duplicate: number; failed: number }): void {
  const answer = parseJson(body) as { results?: { ok: boolean; deduplicated?: boolean }[] } | null;
  if (status !== 200 || !answer?.results) {
    items.failed += size;
    return;
  }
  for (const result of answer.results) {
    if (!result.ok) items.failed += 1;
    else if (result.deduplicated) items.duplicate += 1;
    else items.created += 1;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
