import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import { answerEach, type ItemResult } from '@/lib/api/batch';
import { ApiError, mapError, parseOrThrow } from '@/lib/api/errors';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';
import { eventSchema, MAX_EVENTS_PER_REQUEST, type EventAnswer, type RecordedEvent } from './event-schema';
import { recordEvent } from './record-event';

export interface EventsResponse {
  status: number;
  body: EventAnswer | { ok: true; results: ItemResult<EventAnswer>[] };
}


/**
 * Records one event as a client sent it. A malformed event and an unknown lead are the
 * client's errors, thrown as such.
 */
async function recordSentEvent(sql: Sql | TransactionSql, raw: unknown): Promise<EventAnswer> {
  const event = parseOrThrow(eventSchema, raw);
  let result: RecordedEvent;
  try {
    result = await recordEvent(sql, event);
  } catch (error) {
    // The lead was named by email, phone or external id, so the SQL message has no id to show.
    if (mapError(error).code === 'not_found') throw new ApiError('not_found', 'lead not found');
    throw error;
  }
  return result.deduplicated ? { ok: true, deduplicated: true, event_id: result.event_id } : { ok: true, ...result, deduplicated: false };
}

/** POST /api/events after authentication: one event, or up to 1,000 with a result each. */
export async function processEvents(sql: Sql, body: unknown, onError: (error: unknown) => void): Promise<EventsResponse> {
  if (!Array.isArray(body)) {
    const answer = await recordSentEvent(sql, body);
    return { status: answer.deduplicated ? 409 : 201, body: answer };
  }
  if (body.length === 0 || body.length > MAX_EVENTS_PER_REQUEST) {
    throw new ApiError(body.length ? 'payload_too_large' : 'bad_request', `send 1 to ${MAX_EVENTS_PER_REQUEST} events`);
  }
  const results = await answerEach(body, (event) => recordSentEvent(sql, event), {
    onUnexpected: onError,
  });
  return { status: 200, body: { ok: true, results } };
}

/** A dashboard upload of events, recorded as the viewer (RLS applies), each with its answer. */
export function recordEventsAsViewer(viewer: Viewer, events: readonly unknown[], onError: (error: unknown) => void): Promise<ItemResult<EventAnswer>[]> {
  return answerEach(events, (event) => withViewer(db(), viewer, (tx) => recordSentEvent(tx, event)), {
    onUnexpected: onError,
  });
}
