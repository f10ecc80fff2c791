import { createRequire } from 'node:module';
import autocannon from 'autocannon';

// autocannon's latency histogram reports a fixed list of percentiles (p50, p90, p97.5, p99, …)
// without p95. We add 95 to that list, in the very module autocannon loads, so that every
// latency figure still comes from autocannon's own HDR histogram of all responses.
const fromAutocannon = createRequire(createRequire(import.meta.url).resolve('autocannon'));
(fromAutocannon('hdr-histogram-percentiles-obj') as { percentiles: number[] }).percentiles.push(95);

/** Milliseconds, whole (autocannon's histogram resolution). */
export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

export interface HttpRun {
  /** Responses received, whatever their status. */
  responses: number;
  perSecond: number;
  seconds: number;
  latency: Latency;
  statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
}

export interface HttpLoad {
  url: string;
  connections: number;
  headers: Record<string, string>;
  /** The body (and extra headers) of each request, made as it is sent. */
  next: () => { body: string; headers?: Record<string, string> };
  /** Seconds to run; or `amount` requests, stopped anyway after `capS`. */
  durationS?: number;
  amount?: number;
  capS?: number;
  /** Requests per second in all (autocannon's `overallRate`): an open loop instead of a closed one. */
  overallRate?: number;
  onResponse?: (status: number, body: string) => void;
}

/** One autocannon run of POST requests with a fresh body each. */
export function runHttp(load: HttpLoad): Promise<HttpRun> {
  const { origin, pathname } = new URL(load.url);
  // An `amount` run is timed to its last response: autocannon notices its end only at its next
  // one-second tick, which would round short runs up. A timed run lasts its duration.
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  return new Promise((resolve, reject) => {
    const options: autocannon.Options = {
      url: origin,
      connections: load.connections,
      // A batch of 500 leads may take seconds; a timeout would only hide it as an error.
      timeout: 60,
      requests: [{
        method: 'POST',
        path: pathname,
        setupRequest: (request) => {
          const { body, headers } = load.next();
          return { ...request, body, headers: { ...load.headers, ...headers } };
        },
        onResponse: (status, body) => {
          lastResponseAt = performance.now();
          load.onResponse?.(status, body);
        },
      }],
      ...(load.amount ? { amount: load.amount } : { duration: load.durationS }),
      // With a rate, autocannon corrects for coordinated omission with an expected interval of
      // ceil(1 / per-connection rate) = 1 ms instead of 1000 / rate ms, which fills the
      // histogram with made-up values from 1 ms up to each real one. We keep the real ones.
      ...(load.overallRate ? { overallRate: load.overallRate, ignoreCoordinatedOmission: true } : {}),
    };
    const instance = autocannon(options, (error: unknown, result: autocannon.Result) => {
      clearTimeout(cap);
      if (error) return reject(error);
      try {
        resolve(summarize(result, load.amount ? (lastResponseAt - startedAt) / 1000 : result.duration));
      } catch (failure) {
        reject(failure);
      }
    });
    const cap = load.capS ? setTimeout(() => instance.stop(), load.capS * 1000) : undefined;
  });
}

function summarize(result: autocannon.Result, seconds: number): HttpRun {
  const latency = result.latency as autocannon.Histogram & { p95?: number };
  if (latency.p95 === undefined) throw new Error('autocannon reported no p95: the percentile list it reads has moved');
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  const responses = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return {
    responses,
    perSecond: seconds > 0 ? responses / seconds : 0,
    seconds,
    latency: { p50: latency.p50, p95: latency.p95, p99: latency.p99 },
    statuses,
    errors: result.errors,
  };
}

/** Status counts as one line, e.g. "201 ×1,204 · 409 ×63". */
export function statusLine(run: HttpRun): string {
  const parts = Object.entries(run.statuses).map(([code, count]) => `${code} ×${count.toLocaleString('en-US')}`);
  if (run.errors > 0) parts.push(`connection errors/timeouts ×${run.errors}`);
  return parts.join(' · ');
}
