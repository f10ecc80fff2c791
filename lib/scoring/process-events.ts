import type { Sql } from 'postgres';
import { ApiError, mapError } from '@/lib/api/errors';
import { mapLimited } from '@/lib/concurrency/map-limited';
import { eventSchema, MAX_EVENTS_PER_REQUEST } from './event-schema';
import { recordEvent } from './record-event';

export interface EventsResponse {
  status: number;
  body: Record<string, unknown>;
}

type Item = Record<string, unknown> & { status: number };

async function one(sql: Sql, raw: unknown): Promise<Item> {
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) {
    return { status: 400, ok: false, error: 'bad_request', details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  }
  try {
    const result = await recordEvent(sql, parsed.data);
    if (result.deduplicated) return { status: 409, ok: true, deduplicated: true, event_id: result.event_id };
    return { status: 201, ok: true, ...result };
  } catch (error) {
    const mapped = mapError(error);
    if (mapped.status === 404) return { status: 404, ok: false, error: 'not_found', message: 'lead not found' };
    if (mapped.expected && mapped.status < 500) return { status: mapped.status, ok: false, error: mapped.code, message: mapped.message };
    // One item's failure is that item's answer; the events before it are already recorded.
    return { status: mapped.status, ok: false, error: mapped.code, ...(mapped.code === 'unavailable' ? {} : { failure: error }) };
  }
}

/** POST /api/events after authentication: one event, or up to 1,000 with a result each. */
export async function processEvents(sql: Sql, body: unknown, onError: (error: unknown) => void): Promise<EventsResponse> {
  if (!Array.isArray(body)) {
    const { status, failure, ...rest } = await one(sql, body);
    if (failure) throw failure;
    if (status === 503) throw new ApiError('unavailable', 'database busy or unavailable, retry shortly');
    return { status, body: rest };
  }
  if (body.length === 0 || body.length > MAX_EVENTS_PER_REQUEST) {
    return { status: body.length ? 413 : 400, body: { ok: false, error: body.length ? 'payload_too_large' : 'bad_request', message: `send 1 to ${MAX_EVENTS_PER_REQUEST} events` } };
  }
  const results = await mapLimited(body, 4, async (item, index) => {
    const { failure, ...result } = await one(sql, item);
    if (failure) onError(failure);
    return { index, ...result };
  });
  if (results.every((result) => result.status === 503)) throw new ApiError('unavailable', 'database busy or unavailable, retry shortly');
  return { status: 200, body: { ok: true, results } };
}
