import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processEvents } from '@/lib/scoring/process-events';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('processEvents', () => {
  let db: TestDatabase;
  let leadId: string;
  const errors: unknown[] = [];
  const run = (body: unknown) => processEvents(db.sql, body, (error) => errors.push(error));

  beforeAll(async () => {
    db = await createTestDatabase();
    const [row] = await db.sql<{ id: string }[]>`insert into public.leads (first_name, email) values ('Eventful', 'eventful@example.com') returning id`;
    leadId = row!.id;
  });
  afterAll(() => db.drop());

  it('answers one event with 201 and the score, and the same event again with 409', async () => {
    const event = { event_id: `e-${randomUUID()}`, lead_id: leadId, type: 'email_clicked' };
    expect(await run(event)).toEqual({ status: 201, body: { ok: true, deduplicated: false, event_id: event.event_id, lead_id: leadId, score_before: expect.any(Number), score: expect.any(Number) } });
    expect(await run(event)).toEqual({ status: 409, body: { ok: true, deduplicated: true, event_id: event.event_id } });
  });

  it('throws the client\'s errors of a single event for the route to answer', async () => {
    await expect(run({ event_id: `e-${randomUUID()}`, email: 'nobody@example.com', type: 'page_view' })).rejects.toMatchObject({ code: 'not_found', message: 'lead not found' });
    await expect(run({ event_id: 'x', type: 'Page View' })).rejects.toMatchObject({ code: 'bad_request', details: expect.any(Array) });
  });

  it('answers a batch item by item, in the shape of an ingest batch', async () => {
    const eventId = `b-${randomUUID()}`;
    const { status, body } = await run([
      { event_id: eventId, email: 'EVENTFUL@example.com', type: 'page_view' },
      { event_id: eventId, lead_id: leadId, type: 'page_view' },
      { event_id: `b-${randomUUID()}`, lead_external_id: 'nobody', type: 'page_view' },
      'not an event',
    ]);
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      results: [
        { index: 0, ok: true, deduplicated: false, event_id: eventId, lead_id: leadId, score_before: expect.any(Number), score: expect.any(Number) },
        { index: 1, ok: true, deduplicated: true, event_id: eventId },
        { index: 2, ok: false, error: 'not_found', message: 'lead not found' },
        { index: 3, ok: false, error: 'bad_request', message: 'invalid request', details: [{ path: '', message: expect.any(String) }] },
      ],
    });
    expect(errors).toEqual([]);
  });

  it.each([
    ['an empty batch', [], 'bad_request'],
    ['a batch over 1,000', Array.from({ length: 1001 }, () => ({})), 'payload_too_large'],
  ])('refuses %s', async (_label, batch, code) => {
    await expect(run(batch)).rejects.toMatchObject({ code, message: 'send 1 to 1000 events' });
  });
});
