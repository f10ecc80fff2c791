import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { sql } from '../support/database';
import { expectedAssignee, freshPhone } from '../support/leads';


const postChunk = (request: APIRequestContext, data: object) => request.post('/api/leads/import', { data });

test('POST /api/leads/import: a result per row in the batch item shape; a resent chunk creates nothing twice', async ({ request }) => {
  const [known, fresh] = [freshPhone(), freshPhone()];
  const existing = await (await request.post('/api/ingest', { data: { first_name: 'Known', phone: known }, headers: { 'X-Webhook-Secret': process.env.WEBHOOK_SECRET! } })).json();
  const chunk = {
    import_id: randomUUID(),
    rows: [
      { row: 1, fields: { first_name: 'Imported', phone: fresh }, metadata: { Colour: 'red' } },
      { row: 2, fields: { first_name: 'Known again', phone: known }, metadata: {} },
    ],
  };
  const response = await postChunk(request, chunk);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toEqual({
    ok: true,
    results: [
      { index: 0, ok: true, lead_id: expect.any(String), deduplicated: false, status: expect.any(String), assigned_to: expectedAssignee(body.results[0].status) },
      { index: 1, ok: true, lead_id: existing.lead_id, deduplicated: true, reason: 'phone_window' },
    ],
  });

  const again = await (await postChunk(request, chunk)).json();
  expect(again.results.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([[0, 'idempotency_key'], [1, 'idempotency_key']]);
  const [row] = await sql`select count(*)::int as n from public.leads where phone in ${sql([known, fresh])}`;
  expect(row!.n).toBe(2);
});

test('POST /api/leads/import: a malformed chunk is refused whole, naming the fields', async ({ request }) => {
  const response = await postChunk(request, { import_id: 'not-a-uuid', rows: [{ row: 0, fields: {}, metadata: {} }] });
  expect(response.status()).toBe(400);
  const body = await response.json();
  expect(body).toMatchObject({ ok: false, error: 'bad_request', message: 'invalid request' });
  expect(body.details.map((d: { path: string }) => d.path).sort()).toEqual(['import_id', 'rows.0.row']);
});
