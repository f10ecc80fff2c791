import { mapLimited } from '@/lib/concurrency/map-limited';
import { ApiError, errorFields, mapError, type ErrorCode, type ErrorDetail } from './errors';

/** A failed item: the error fields a whole request would answer with, plus what the item kept. */
export type ItemFailure<TKept extends object = object> = {
  ok: false;
  error: ErrorCode;
  message?: string;
  details?: ErrorDetail[];
} & Partial<TKept>;

/**
 * What one item of a batch endpoint answers (ingest, events, CSV imports), one shape for all:
 * its position in the request, `ok`, and either its result or its error.
 */
export type ItemResult<TAnswer extends { ok: boolean }> = { index: number } & (TAnswer | ItemFailure);

// Items in flight at once: each is its own transaction, and a batch must not hog the pool.
const BATCH_CONCURRENCY = 4;

export interface BatchOptions {
  concurrency?: number;
  /** Told about item failures whose cause stays in the log rather than in the answer. */
  onUnexpected: (error: unknown, index: number) => void;
  /**
   * `item`: the database being away is that item's answer, and a 503 only when it was every
   * item's (the ones stored stay stored, and their answers matter). `request`: the whole
   * request fails, for clients that resend all of it safely.
   */
  whenUnavailable: 'item' | 'request';
  /**
   * `item`: an unexpected failure is that item's `internal_error`. `request`: the whole request
   * answers 500, for items whose failure means nothing was stored: a 2xx must never hide one.
   */
  whenUnexpected: 'item' | 'request';
}

/**
 * Answers each item on its own, in item order: `answer` returns the item's result, or its
 * failure along with what it kept (an intake id); anything it throws becomes the item's error,
 * mapped exactly as a whole request's would be. When a failure fails the whole request (an
 * outage or an unexpected error, as the options say, and always a refused role), items not yet
 * started are not started, those in flight finish, and then the failure is thrown.
 */
export async function answerEach<TItem, TAnswer extends { ok: boolean }>(
  items: readonly TItem[],
  answer: (item: TItem, index: number) => Promise<TAnswer>,
  options: BatchOptions,
): Promise<ItemResult<TAnswer>[]> {
  let requestFailure: { error: unknown } | undefined;
  let firstOutage: unknown;
  const results = await mapLimited(items, options.concurrency ?? BATCH_CONCURRENCY, async (item, index): Promise<ItemResult<TAnswer>> => {
    if (requestFailure) return { index, ok: false, error: 'unavailable' };
    try {
      return { index, ...(await answer(item, index)) };
    } catch (error) {
      const mapped = mapError(error);
      const outage = mapped.code === 'unavailable';
      // The role check is the same for every item: a viewer who may not do this at all is
      // refused as a whole (403), not item by item inside a 200.
      if (mapped.code === 'forbidden') {
        requestFailure ??= { error };
      } else if (outage ? options.whenUnavailable === 'request' : !mapped.expected && options.whenUnexpected === 'request') {
        requestFailure ??= { error };
      } else if (outage) {
        firstOutage ??= error;
      } else if (!mapped.expected) {
        options.onUnexpected(error, index);
      }
      return { index, ok: false, ...errorFields(mapped) };
    }
  });
  if (requestFailure) throw requestFailure.error;
  // Thrown as it came, so the request's log line says why the database was away.
  if (results.length > 0 && results.every((result) => !result.ok && 'error' in result && result.error === 'unavailable')) {
    throw firstOutage ?? new ApiError('unavailable', 'database busy or unavailable, retry shortly');
  }
  return results;
}
