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
}

/**
 * Answers each item on its own (each its own transaction), in item order: `answer` returns the
 * item's result, or its failure along with what it kept; anything it throws becomes the item's
 * error, mapped exactly as a whole request's would be. The database being away is that item's
 * answer (the ones stored stay stored, and their answers matter), and a 503 only when it was
 * every item's. A refused role fails the whole request: items not yet started are not started,
 * those in flight finish, and then the refusal is thrown.
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
      // The role check is the same for every item: a viewer who may not do this at all is
      // refused as a whole (403), not item by item inside a 200.
      if (mapped.code === 'forbidden') {
        requestFailure ??= { error };
      } else if (mapped.code === 'unavailable') {
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
