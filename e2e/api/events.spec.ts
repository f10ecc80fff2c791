import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';

const auth = { 'X-Webhook-Secret': process.env.WEBHOOK_SECRET! };
const uid = () => randomUUID().slice(0, 8);

async function newLead(request: APIRequestContext, fields: object = {}) {
  return (await (await request.post('/api/ingest', { data: { first_name: 'Eventful', ...fields }, headers: auth })).json()).lead_id as string;
}
const post = (request: APIRequestContext, data: unknown, headers: Record<string, string> = auth) =>
  request.post('/api/events', { data: data as object, headers });

test('POST /api/events: score, repeat, unknown lead, bad input, no credentials', async ({ request }) => {
  const leadId = await newLead(request);
  const first = await post(request, { event_id: `ev-${uid()}`, lead_id: leadId, type: 'email_clicked' });
  expect(first.status()).toBe(201);
  const body = await first.json();
  expect(body).toMatchObject({ ok: true, deduplicated: false, lead_id: leadId, score_before: 0, score: 10 });

  const again = await post(request, { event_id: body.event_id, lead_id: leadId, type: 'email_clicked' });
  expect(again.status()).toBe(409);
  expect(await again.json()).toEqual({ ok: true, deduplicated: true, event_id: body.event_id });

  const unknown = await post(request, { event_id: `ev-${uid()}`, lead_id: randomUUID(), type: 'page_view' });
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual({ ok: false, error: 'not_found', message: 'lead not found' });

  const bad = await post(request, { event_id: `ev-${uid()}`, type: 'page_view' });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).details.map((d: { path: string }) => d.path)).toEqual(['lead_id']);

  const badType = await post(request, { event_id: `ev-${uid()}`, lead_id: leadId, type: 'Page View' });
  expect(badType.status()).toBe(422);
  expect(await badType.json()).toMatchObject({ ok: false, error: 'unprocessable', message: expect.stringMatching(/^event type must be/) });

  expect((await post(request, { event_id: 'x', lead_id: leadId, type: 'page_view' }, {})).status()).toBe(401);
});

test('POST /api/events: a batch, naming leads by email and phone, out of order', async ({ request }) => {
  const email = `events-${uid()}@example.com`;
  const leadId = await newLead(request, { email, phone: `(646) 8${String(Math.floor(Math.random() * 90 + 10))}-${String(Math.floor(Math.random() * 9000 + 1000))}` });
  const [row] = await (await request.get(`/api/leads?q=${leadId}`)).json().then((r) => r.data);
  const response = await post(request, [
    { event_id: `b-${uid()}`, email: email.toUpperCase(), type: 'meeting_booked', occurred_at: '2026-11-20T15:00:00Z' },
    { event_id: `b-${uid()}`, phone: row.phone_e164, type: 'form_submitted', occurred_at: '2026-11-19T15:00:00Z' },
    { event_id: `b-${uid()}`, lead_external_id: `nobody-${uid()}`, type: 'purchase' },
    { nope: true },
  ]);
  expect(response.status()).toBe(200);
  const { results } = await response.json();
  expect(results.map((r: { index: number; ok: boolean; deduplicated?: boolean; error?: string }) => [r.index, r.ok, r.error ?? r.deduplicated]))
    .toEqual([[0, true, false], [1, true, false], [2, false, 'not_found'], [3, false, 'bad_request']]);
  expect(results[1].score).toBe(70);
  expect(results[2]).toEqual({ index: 2, ok: false, error: 'not_found', message: 'lead not found' });
  expect(results[3].details.map((d: { path: string }) => d.path).sort()).toEqual(['event_id', 'type']);
});

test('scoring API: save rules as a version, preview, re-score in steps', async ({ request }) => {
  const before = await (await request.get('/api/scoring/rules')).json();
  const rules = before.rules.map(({ version: _v, ...rule }: { version: number }) => rule);
  const draft = rules.map((rule: { event_type: string; points: number }) => (rule.event_type === 'call_answered' ? { ...rule, points: 16 } : rule));
  const preview = await (await request.post('/api/scoring/preview', { data: draft })).json();
  expect(preview).toHaveProperty('distribution');
  const saved = await (await request.put('/api/scoring/rules', { data: draft })).json();
  expect(saved.version).toBe(before.version + 1);
  let job = await (await request.post('/api/scoring/recompute')).json();
  while (!job.finished_at) job = await (await request.post(`/api/scoring/recompute/${job.id}`)).json();
  expect(job.processed).toBe(job.total);
  expect((await request.put('/api/scoring/rules', { data: [{ event_type: 'Bad Type', points: 1 }] })).status()).toBe(422);
  await request.put('/api/scoring/rules', { data: rules });
});
