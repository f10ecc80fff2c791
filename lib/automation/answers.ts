import { mapError, type ErrorCode, type ErrorDetail, type MappedError } from '@/lib/api/errors';
import type { CommandOutcome } from './run-commands';

/** A failed command as a client sees it: never the text of an unexpected error. */
export interface CommandError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
}

/** A response: its HTTP status and its JSON body. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  /** Seconds before a retry may succeed (`Retry-After`), for a 503 or a 429. */
  retryAfter?: number;
}

export interface AnswerOptions {
  dryRun?: boolean;
  /** Added to a 5xx, to find the log line. */
  requestId?: string;
  /** Called with each error whose cause is ours or the database's, to log it. */
  onUnexpected?: (error: unknown) => void;
}

/** The client's view of an error, through the one error table. */
export function commandError(error: unknown, onUnexpected?: (error: unknown) => void): { status: number; retryAfter?: number; error: CommandError } {
  const mapped: MappedError = mapError(error);
  if (!mapped.expected) onUnexpected?.(error);
  return {
    status: mapped.status,
    retryAfter: mapped.retryAfter,
    error: { code: mapped.code, message: mapped.message ?? mapped.code, ...(mapped.details ? { details: mapped.details } : {}) },
  };
}

/** `{"ok":true,"result"}` or `{"ok":false,"error":{"code","message"}}` with its status. */
export function commandAnswer(outcome: CommandOutcome, options: AnswerOptions = {}): Answer {
  const dryRun = options.dryRun ? { dry_run: true } : {};
  if (outcome.ok) return { status: 200, body: { ok: true, result: outcome.result, ...dryRun } };
  const { status, retryAfter, error } = commandError(outcome.error, options.onUnexpected);
  return {
    status,
    retryAfter,
    body: { ok: false, error, ...dryRun, ...(status >= 500 && options.requestId ? { request_id: options.requestId } : {}) },
  };
}

/**
 * A script's answer: a result per line that ran, in order; 200 when all of them succeeded, else
 * the status of the first failure.
 */
export function scriptAnswer(lines: readonly { line: number; command: string }[], outcomes: readonly CommandOutcome[], options: AnswerOptions = {}): Answer {
  let firstFailure: { status: number; retryAfter?: number } | undefined;
  const results = outcomes.map((outcome, index) => {
    const { line, command } = lines[index]!;
    if (outcome.ok) return { line, command, ok: true, result: outcome.result };
    const failed = commandError(outcome.error, options.onUnexpected);
    firstFailure ??= failed;
    return { line, command, ok: false, error: failed.error };
  });
  const status = firstFailure?.status ?? 200;
  return {
    status,
    retryAfter: firstFailure?.retryAfter,
    body: {
      ok: status === 200,
      results,
      ...(options.dryRun ? { dry_run: true } : {}),
      ...(status >= 500 && options.requestId ? { request_id: options.requestId } : {}),
    },
  };
}
