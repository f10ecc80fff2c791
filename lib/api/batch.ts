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

export interface BatchOptions {
  /** Items in flight at once: each is its own transaction, and a batch must not hog the pool. */
  concurrency: number;
  /** Told about item failures whose cause stays in the log rather than in the answer. */
  onUnexpected: (error: unknown, index: number) => void;
  /**
   * `item`: the database being away is that item's answer, and a 503 only when it was every
   * item's (the ones stored stay stored, and their answers matter). `request`: the whole
   * request fails at once, for clients that resend all of it safely.
   */
  whenUnavailable: 'item' | 'request';
}

/**
 * Answers each item on its own, in item order: `answer` returns the item's result, or its
 * failure along with what it kept (an intake id); anything it throws becomes the item's error,
 * mapped exactly as a whole request's would be.
 */
export async function answerEach<TItem, TAnswer extends { ok: boolean }>(
  items: readonly TItem[],
  answer: (item: TItem, index: number) => Promise<TAnswer>,
  options: BatchOptions,
): Promise<ItemResult<TAnswer>[]> {
  const results = await mapLimited(items, options.concurrency, async (item, index): Promise<ItemResult<TAnswer>> => {
    try {
      return { index, ...(await answer(item, index)) };
    } catch (error) {
      const mapped = mapError(error);
      if (mapped.code === 'unavailable' && options.whenUnavailable === 'request') throw error;
      if (!mapped.expected && mapped.code !== 'unavailable') options.onUnexpected(error, index);
      return { index, ok: false, ...errorFields(mapped) };
    }
  });
  if (results.length > 0 && results.every((result) => !result.ok && 'error' in result && result.error === 'unavailable')) {
    throw new ApiError('unavailable', 'database busy or unavailable, retry shortly');
  }
  return results;
}
