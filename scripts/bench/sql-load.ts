import type { Latency } from './http-load';

export interface SqlRun {
  calls: number;
  perSecond: number;
  seconds: number;
  latency: Latency;
  errors: number;
  firstError?: string;
}

export interface SqlLoad {
  /** Calls in flight at once (the pool must allow as many connections). */
  workers: number;
  /** Seconds to run; or `total` calls, stopped anyway after `capS`. */
  durationS?: number;
  total?: number;
  capS?: number;
  call: () => Promise<unknown>;
}

/**
 * Runs `call` from `workers` loops at once, each starting its next call when the last returns
 * (a closed loop, as autocannon's connections do), and times every call. Percentiles are exact,
 * from all the timings.
 */
export async function runSql(load: SqlLoad): Promise<SqlRun> {
  const startedAt = performance.now();
  const stopAt = startedAt + 1000 * (load.total ? (load.capS ?? Infinity) : (load.durationS ?? 0));
  const timings: number[] = [];
  let started = 0;
  let errors = 0;
  let firstError: string | undefined;
  const more = () => performance.now() < stopAt && (load.total === undefined || started < load.total);
  await Promise.all(Array.from({ length: load.workers }, async () => {
    while (more()) {
      started += 1;
      const callStart = performance.now();
      try {
        await load.call();
        timings.push(performance.now() - callStart);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  }));
  const seconds = (performance.now() - startedAt) / 1000;
  timings.sort((a, b) => a - b);
  return { calls: timings.length, perSecond: timings.length / seconds, seconds, latency: percentiles(timings), errors, firstError };
}

/** p50, p95 and p99 of latencies sorted ascending (0 for none). */
export function percentiles(sorted: readonly number[]): Latency {
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
