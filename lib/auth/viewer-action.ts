import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import type { ActionState, ActionSuccess } from '@/lib/api/action-state';
import { mapError, parseOrThrow, type MappedError } from '@/lib/api/errors';
import { formFields } from '@/lib/api/form-fields';
import { requestIdFrom } from '@/lib/api/request-id';
import { logger } from '@/lib/log/logger';
import { currentViewer } from './current-viewer';
import type { Viewer } from './viewer';

/** A server action as forms call it (with their FormData), or code with an object. */
export type ViewerAction<TResult> = (state: ActionState<TResult>, input: FormData | Record<string, unknown>) => Promise<ActionState<TResult>>;

export interface ActionContext {
  viewer: Viewer;
  /** Also in the log line of an unexpected failure, and in the message the form shows then. */
  requestId: string;
}

/**
 * The one wrapper every dashboard server action goes through, as apiRoute is for route
 * handlers: the viewer resolved, the input (a form post, or an object) parsed with `schema`,
 * and whatever `fn` throws mapped as the API maps it: an expected error shows its message, an
 * unexpected one a generic message with a request id, under which it is logged; a save over a
 * newer version also hands the form the current record (`current`). `redirect()`
 * and `notFound()` in `fn` work as usual. Cross-site posts are refused by Next.js itself, which
 * checks a server action's Origin against its Host.
 */
export function viewerAction<TSchema extends z.ZodType, TResult = never>(
  schema: TSchema,
  fn: (input: z.output<TSchema>, ctx: ActionContext) => Promise<ActionSuccess<TResult>>,
): ViewerAction<TResult> {
  return async (_state, input) => {
    const requestId = requestIdFrom(null);
    const log = logger.child({ requestId });
    try {
      const viewer = await currentViewer();
      return await fn(parseOrThrow(schema, input instanceof FormData ? formFields(input) : input), { viewer, requestId });
    } catch (error) {
      unstable_rethrow(error);
      const mapped = mapError(error);
      if (!mapped.expected) log.error({ err: error }, 'action failed');
      return { error: actionErrorMessage(mapped, requestId), ...(mapped.current ? { current: mapped.current } : {}) };
    }
  };
}

/** What a form says about a failure: the first failing field, an expected message, or no internals. */
function actionErrorMessage(mapped: MappedError, requestId: string): string {
  const detail = mapped.details?.[0];
  if (detail) return detail.path ? `${detail.path}: ${detail.message}` : detail.message;
  if (mapped.expected) return mapped.message ?? mapped.code;
  if (mapped.code === 'unavailable') return `The database is busy or unavailable; try again in a moment (request ${requestId}).`;
  return `Something went wrong on our side; it has been logged (request ${requestId}).`;
}
