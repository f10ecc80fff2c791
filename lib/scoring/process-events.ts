import type { Sql } from 'postgres';
import { mapError } from '@/lib/api/errors';
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
    throw error;
  }
}

/** POST /api/events after authentication: one event, or up to 1,000 with a result each. */
export async function processEvents(sql: Sql, body: unknown): Promise<EventsResponse> {
  if (!Array.isArray(body)) {
    const { status, ...rest } = await one(sql, body);
    return { status, body: rest };
  }
  if (body.length === 0 || body.length > MAX_EVENTS_PER_REQUEST) {
    return { status: body.length ? 413 : 400, body: { ok: false, error: body.length ? 'payload_too_large' : 'bad_request', message: `send 1 to ${MAX_EVENTS_PER_REQUEST} events` } };
  }
  const results = await mapLimited(body, 4, async (item, index) => ({ index, ...(await one(sql, item)) }));
  return { status: 200, body: { ok: true, results } };
}
