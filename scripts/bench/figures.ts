import type { Latency } from './http-load';

/**
 * One measured figure of the report. A target says what it should be; missing it is a `miss`
 * (reported, the run goes on and succeeds), except for invariants, where it is a `violation`
 * and the bench exits non-zero. A scenario that could not run is an `error`, which fails too.
 */
export interface Figure {
  scenario: string;
  name: string;
  value: number | null;
  unit: string;
  latency?: Latency;
  target?: Target;
  verdict: Verdict;
  detail?: string;
}

export type Verdict = 'pass' | 'miss' | 'violation' | 'error' | 'not yet built' | '';

export interface Target {
  op: '>=' | '<=' | '=';
  limit: number;
  /** The figure's value, or its p99 latency. */
  on: 'value' | 'p99';
  invariant: boolean;
}

export const atLeast = (limit: number): Target => ({ op: '>=', limit, on: 'value', invariant: false });
export const atMost = (limit: number): Target => ({ op: '<=', limit, on: 'value', invariant: false });
export const p99AtMost = (ms: number): Target => ({ op: '<=', limit: ms, on: 'p99', invariant: false });
/** An invariant: a count of broken rows that must be zero. */
export const noneAllowed: Target = { op: '=', limit: 0, on: 'value', invariant: true };

export function figure(fields: Omit<Figure, 'verdict'>): Figure {
  return { ...fields, verdict: verdictOf(fields) };
}

function verdictOf({ value, latency, target }: Omit<Figure, 'verdict'>): Verdict {
  if (!target) return '';
  const measured = target.on === 'p99' ? latency?.p99 : value;
  const met =
    measured !== null && measured !== undefined && Number.isFinite(measured) &&
    (target.op === '>=' ? measured >= target.limit : target.op === '<=' ? measured <= target.limit : measured === target.limit);
  if (met) return 'pass';
  return target.invariant ? 'violation' : 'miss';
}

/** a / b as a figure; null (a miss, if it has a target) when either side was not measured. */
export function ratio(scenario: string, name: string, a: number | null | undefined, b: number | null | undefined, target?: Target): Figure {
  const value = a != null && b ? a / b : null;
  return figure({ scenario, name, value, unit: '×', target });
}

/** A scenario that threw: the run goes on with the others, and exits non-zero at the end. */
export function failed(scenario: string, error: unknown): Figure {
  const message = error instanceof Error ? error.message : String(error);
  return { scenario, name: 'did not run', value: null, unit: '', verdict: 'error', detail: message.split('\n')[0] };
}
