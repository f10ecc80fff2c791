import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { signBody } from '../../lib/intake/authenticate';
import { sql } from '../support/database';
import { expectedAssignee, freshPhone } from '../support/leads';
import { freePort, startSecondServer } from '../support/second-server';

const SECRET = process.env.WEBHOOK_SECRET!;
const auth = { 'X-Webhook-Secret': SECRET };
// A valid New York number no other test (or the demo data, which avoids 646) is likely to use.
const uid = () => randomUUID().slice(0, 8);

async function ingest(request: APIRequestContext, data: unknown, headers: Record<string, string> = {}) {
  return request.post('/api/ingest', { data: data as object, headers: { ...auth, ...headers } });
}

test.describe('POST /api/ingest: authentication', () => {
  for (const [label, headers] of [
    ['no credentials', {}],
    ['a wrong secret', { 'X-Webhook-Secret': 'wrong-secret-value' }],
    ['a bad signature', { 'X-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }],
  ] as const) {
    test(`401 with ${label}, nothing stored`, async ({ request }) => {
      const marker = uid();
      const response = await request.post('/api/ingest', { data: { first_name: marker }, headers });
      expect(response.status()).toBe(401);
      expect(await response.json()).toEqual({ ok: false, error: 'unauthorized' });
      expect(response.headers()['x-request-id']).toBeTruthy();
      const rows = await sql`select 1 from public.lead_intake where raw_body like ${'%' + marker + '%'}`;
      expect(rows).toHaveLength(0);
    });
  }

  test('accepts an HMAC signature of the raw body and refuses a stale one', async ({ request }) => {
    const body = JSON.stringify({ first_name: 'Signed', phone: freshPhone() });
    const now = Math.floor(Date.now() / 1000);
    const ok = await request.post('/api/ingest', { data: Buffer.from(body), headers: { 'Content-Type': 'application/json', 'X-Signature': signBody(SECRET, body, now) } });
    expect(ok.status()).toBe(201);
    const stale = await request.post('/api/ingest', { data: Buffer.from(body), headers: { 'Content-Type': 'application/json', 'X-Signature': signBody(SECRET, body, now - 301) } });
    expect(stale.status()).toBe(401);
  });
});

test.describe('POST /api/ingest: single leads', () => {
  test('201 for a new lead, stored raw and normalized', async ({ request }) => {
    const phone = freshPhone();
    const response = await ingest(request, { firstName: 'Nina', phone, state: 'New Jersey', offer: 'o-1' }, { 'X-Request-Id': `t-${uid()}` });
    expect(response.status()).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, lead_id: expect.any(String), deduplicated: false });
    // Routed at once: to a caller when one is eligible, otherwise left in stock.
    expect(body.assigned_to).toEqual(expectedAssignee(body.status));
    const [row] = await sql`
      select l.first_name, l.state, l.metadata, i.outcome, i.request_id, i.raw_body
      from public.leads l join public.lead_intake i on i.id = l.intake_id where l.id = ${body.lead_id}`;
    expect(row).toMatchObject({ first_name: 'Nina', state: 'NJ', metadata: { offer: 'o-1' }, outcome: 'created', request_id: response.headers()['x-request-id'] });
    expect(JSON.parse(row!.raw_body)).toMatchObject({ firstName: 'Nina' });
  });

  test('409 for a repeated Idempotency-Key, pointing at the original', async ({ request }) => {
    const key = `key-${uid()}`;
    const first = await (await ingest(request, { first_name: 'K' }, { 'Idempotency-Key': key })).json();
    const again = await ingest(request, { first_name: 'K2' }, { 'Idempotency-Key': key });
    expect(again.status()).toBe(409);
    expect(await again.json()).toEqual({ ok: true, lead_id: first.lead_id, deduplicated: true, reason: 'idempotency_key' });
  });

  for (const [reason, fields] of [
    ['phone_window', () => ({ phone: freshPhone() })],
    ['email_window', () => ({ email: `dupe-${uid()}@Example.com` })],
    ['document_number', () => ({ document_type: 'passport', document_number: `P-${uid()}` })],
  ] as const) {
    test(`409 for a duplicate by ${reason}`, async ({ request }) => {
      const data = fields();
      const first = await (await ingest(request, data)).json();
      const again = await ingest(request, { ...data, first_name: 'Again' });
      expect(again.status()).toBe(409);
      expect(await again.json()).toEqual({ ok: true, lead_id: first.lead_id, deduplicated: true, reason });
    });
  }

  test('400 invalid_payload for a body that cannot be read, and the raw body is kept', async ({ request }) => {
    const raw = `{"first_name": "broken-${uid()}",`;
    const response = await request.post('/api/ingest', { data: Buffer.from(raw), headers: { ...auth, 'Content-Type': 'application/json' } });
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body).toEqual({ ok: false, error: 'invalid_payload', message: 'body is not valid JSON', intake_id: expect.any(String) });
    const [row] = await sql`select outcome, raw_body, error from public.lead_intake where id = ${body.intake_id}`;
    expect(row).toEqual({ outcome: 'rejected', raw_body: raw, error: 'body is not valid JSON' });
  });

  test('400 for JSON too deep or too wide to be a lead, stored raw exactly as sent, never a 500', async ({ request }) => {
    const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const cases: [string, string][] = [
      [deep(10_000), 'JSON nested deeper than 32 levels'],
      [`[{"first_name":"ok-${uid()}"},{"first_name":${deep(50)}}]`, 'JSON nested deeper than 32 levels'],
      [`{"first_name":"deep-${uid()}","extra":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`, 'JSON nested deeper than 32 levels'],
      [JSON.stringify(Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`k${i}`, 1]))), 'JSON with more than 20000 keys and items'],
    ];
    for (const [raw, reason] of cases) {
      const response = await request.post('/api/ingest', { data: Buffer.from(raw), headers: { ...auth, 'Content-Type': 'application/json' } });
      expect(response.status()).toBe(400);
      const body = await response.json();
      expect(body).toEqual({ ok: false, error: 'invalid_payload', message: reason, intake_id: expect.any(String) });
      const [row] = await sql`select outcome, raw_body = ${raw} as same_text from public.lead_intake where id = ${body.intake_id}`;
      expect(row).toEqual({ outcome: 'rejected', same_text: true });
    }
  });

  test('413 for a body over 1 MiB', async ({ request }) => {
    const response = await ingest(request, { notes: 'x'.repeat(1024 * 1024) });
    expect(response.status()).toBe(413);
    expect((await response.json()).error).toBe('payload_too_large');
  });
});

test.describe('POST /api/ingest: senders', () => {
  test('a Make.com JSON row', async ({ request }) => {
    const body = await (await ingest(request, { firstName: 'Make', lastName: 'Row', email: `Make.${uid()}@Example.COM`, phone: freshPhone(), state: 'ca', lang: 'es-MX' })).json();
    const [lead] = await sql`select first_name, last_name, email, state, language, phone_e164 from public.leads where id = ${body.lead_id}`;
    expect(lead).toMatchObject({ first_name: 'Make', last_name: 'Row', state: 'CA', language: 'es' });
    expect(lead!.email).toMatch(/^make\.[0-9a-f]{8}@example\.com$/);
    expect(lead!.phone_e164).toMatch(/^\+1646\d{7}$/);
  });

  test('a Google Sheets row with spaced headers', async ({ request }) => {
    const body = await (await ingest(request, { 'First Name': 'Sheet', 'Phone Number': freshPhone(), 'Zip Code': '10001', Region: 'new york', 'Row Number': 12 })).json();
    const [lead] = await sql`select first_name, zip, state, metadata from public.leads where id = ${body.lead_id}`;
    expect(lead).toEqual({ first_name: 'Sheet', zip: '10001', state: 'NY', metadata: { 'Row Number': 12 } });
  });

  test('a form-encoded landing page post', async ({ request }) => {
    const phone = freshPhone();
    const response = await request.post('/api/ingest', {
      headers: auth,
      form: { name: 'Landing Page', tel: phone, zip: '60601', state: 'Illinois', utm_campaign: 'fall' },
    });
    expect(response.status()).toBe(201);
    const [lead] = await sql`select first_name, last_name, state, metadata from public.leads where id = ${(await response.json()).lead_id}`;
    expect(lead).toEqual({ first_name: 'Landing', last_name: 'Page', state: 'IL', metadata: { utm_campaign: 'fall' } });
  });

  test('a seed-style payload', async ({ request }) => {
    const click = `clk-${uid()}`;
    const body = await (await ingest(request, {
      click_id: click, country: 'US', creo: 'c-9', description: 'd', domain: 'example.org', email: `seed-${uid()}@example.org`,
      firstName: 'Seed', ip: '198.51.100.7', lang: 'en', lastName: 'Style', marker: 'mk', offer: 'of', phone: freshPhone(), sourcetype: 'st',
    })).json();
    const [lead] = await sql`select external_id, country, first_name, last_name, language, metadata from public.leads where id = ${body.lead_id}`;
    expect(lead).toEqual({
      external_id: click, country: 'US', first_name: 'Seed', last_name: 'Style', language: 'en',
      metadata: { creo: 'c-9', description: 'd', domain: 'example.org', ip: '198.51.100.7', marker: 'mk', offer: 'of', sourcetype: 'st' },
    });
  });
});

test.describe('POST /api/ingest: batches', () => {
  test('200 with a result per item, bad items rejected on their own', async ({ request }) => {
    const phone = freshPhone();
    const response = await ingest(request, [{ first_name: 'B1', phone }, 'not a lead', { first_name: 'B3', phone }]);
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      ok: true,
      results: [
        { index: 0, ok: true, lead_id: expect.any(String), deduplicated: false, status: expect.any(String), assigned_to: expectedAssignee(body.results[0].status) },
        { index: 1, ok: false, error: 'invalid_payload', message: 'item is not an object', intake_id: expect.any(String) },
        { index: 2, ok: true, lead_id: body.results[0].lead_id, deduplicated: true, reason: 'phone_window' },
      ],
    });
  });

  test('a request Idempotency-Key makes a retried batch a no-op', async ({ request }) => {
    const key = `batch-${uid()}`;
    const items = [{ first_name: 'R1' }, { first_name: 'R2' }];
    const first = await (await ingest(request, items, { 'Idempotency-Key': key })).json();
    const again = await (await ingest(request, items, { 'Idempotency-Key': key })).json();
    expect(again.results.map((r: { lead_id: string; reason: string }) => [r.lead_id, r.reason])).toEqual(
      first.results.map((r: { lead_id: string }) => [r.lead_id, 'idempotency_key']),
    );
  });
});

/** As a sender should: a 503 (a busy or unreachable server) is sent again after its Retry-After. */
async function answered(send: () => Promise<APIResponse>): Promise<APIResponse> {
  for (;;) {
    const response = await send();
    if (response.status() !== 503) return response;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers()['retry-after']) * 1000));
  }
}

test.describe('POST /api/ingest: under concurrency', () => {
  test('100 concurrent posts with one Idempotency-Key → one lead, one 201, 99 × 409', async ({ request }) => {
    const key = `storm-${uid()}`;
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => answered(() => ingest(request, { first_name: `C${i}` }, { 'Idempotency-Key': key }))));
    const statuses = responses.map((r) => r.status());
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(99);
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).lead_id)));
    expect(ids.size).toBe(1);
  });

  test('100 concurrent posts of one phone, no keys → one lead', async ({ request }) => {
    const phone = freshPhone();
    const responses = await Promise.all(Array.from({ length: 100 }, () => answered(() => ingest(request, { phone }))));
    expect(responses.filter((r) => r.status() === 201)).toHaveLength(1);
    const [row] = await sql`select count(*)::int as n from public.leads where phone = ${phone}`;
    expect(row!.n).toBe(1);
  });
});

test.describe('POST /api/ingest: when things go wrong', () => {
  test('503 with Retry-After when the database is unreachable', async () => {
    const server = await startSecondServer(`postgres://x:y@127.0.0.1:${await freePort()}/none`);
    try {
      const response = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toMatchObject({ ok: false, error: 'unavailable' });
    } finally {
      server.stop();
    }
  });

  test('500 internal_error with a request id and no internals on an unexpected failure', async () => {
    // A database role that can read sources but may not call ingest_lead.
    const role = `e2e_limited_${uid()}`;
    await sql.unsafe(`create role ${role} login bypassrls password 'limited'; grant usage on schema public to ${role}; grant select on public.sources to ${role}`);
    const url = new URL(process.env.E2E_DATABASE_URL!);
    url.username = role;
    url.password = 'limited';
    const server = await startSecondServer(url.toString());
    try {
      const response = await fetch(`${server.url}/api/ingest`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"first_name":"x"}' });
      expect(response.status).toBe(500);
      const body = await response.json();
      expect(body).toEqual({ ok: false, error: 'internal_error', request_id: response.headers.get('x-request-id') });
    } finally {
      server.stop();
    }
  });
});
