import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { LOCAL_ADMIN } from '@/lib/auth/viewer';
import { sha256Hex, signBody } from '@/lib/intake/authenticate';
import { MAX_BODY_BYTES } from '@/lib/intake/parse-body';
import { ApiError } from './errors';
import { apiRoute, jsonResponse } from './route';

const SECRET = 'whsec_route-test-secret-0123456789';
const SOURCE = { id: '00000000-0000-4000-8000-0000000000aa', name: 'webhook', secretHashes: [sha256Hex(SECRET)], rateLimitPerMinute: null };

const log = vi.hoisted(() => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() }));
vi.mock('@/lib/log/logger', () => ({ logger: { child: () => log } }));
vi.mock('@/lib/auth/current-viewer', () => ({ currentViewer: async () => LOCAL_ADMIN }));
vi.mock('@/lib/intake/source-credentials', () => ({ activeSourceCredentials: async () => [SOURCE] }));

const HOST = 'leadops.test';
const segment = { params: Promise.resolve({}) };

function request(init: RequestInit & { path?: string; headers?: Record<string, string> } = {}) {
  return new Request(`http://${HOST}${init.path ?? '/api/x'}`, { ...init, headers: { host: HOST, ...init.headers } });
}

const echo = vi.fn(async (ctx: object) => jsonResponse({ keys: Object.keys(ctx).sort() }));

beforeEach(() => {
  vi.clearAllMocks();
});

describe("apiRoute({ auth: 'viewer' })", () => {
  const route = apiRoute({ auth: 'viewer', body: z.object({ name: z.string() }).optional() }, async ({ viewer, body }) =>
    jsonResponse({ email: viewer.email, body }));

  it('hands the handler the viewer', async () => {
    const response = await route(request({ headers: { 'sec-fetch-site': 'same-origin', origin: `http://${HOST}` } }), segment);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ email: LOCAL_ADMIN.email });
  });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['another Origin', { origin: 'http://evil.example' }],
    ['Origin: null', { origin: 'null' }],
  ])('refuses a cross-site request (%s) with 403 before running the handler', async (_label, headers) => {
    const spy = vi.fn(async () => jsonResponse({}));
    const response = await apiRoute({ auth: 'viewer' }, spy)(request({ method: 'POST', headers }), segment);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ ok: false, error: 'forbidden', message: 'cross-site request refused' });
    expect(spy).not.toHaveBeenCalled();
  });

  it('takes a body only as application/json', async () => {
    const plain = await route(request({ method: 'POST', body: '{"name":"a"}', headers: { 'content-type': 'text/plain' } }), segment);
    expect(plain.status).toBe(400);
    expect((await plain.json()).message).toBe('send the body as application/json');
    const json = await route(request({ method: 'POST', body: '{"name":"a"}', headers: { 'content-type': 'application/json' } }), segment);
    expect(await json.json()).toEqual({ email: LOCAL_ADMIN.email, body: { name: 'a' } });
  });

  it('answers a zod failure with 400 and the failing fields', async () => {
    const response = await route(request({ method: 'POST', body: '{"name":7}', headers: { 'content-type': 'application/json' } }), segment);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false, error: 'bad_request', message: 'invalid request', details: [{ path: 'name', message: expect.any(String) }],
    });
  });
});

describe("apiRoute({ auth: 'source' })", () => {
  const route = apiRoute({ auth: 'source' }, async ({ source, bytes }) => jsonResponse({ source: source.name, body: bytes.toString('latin1') }));
  const post = (body: BodyInit, headers: Record<string, string>) => route(request({ method: 'POST', body, headers }), segment);

  it.each([
    ['no credentials', {}],
    ['a wrong secret', { 'x-webhook-secret': 'wrong-secret-0123456789' }],
    ['a signature over other bytes', { 'x-signature': signBody(SECRET, '{"a":2}', Math.floor(Date.now() / 1000)) }],
    ['a stale signature', { 'x-signature': signBody(SECRET, '{"a":1}', Math.floor(Date.now() / 1000) - 301) }],
  ])('answers 401 to %s, logs the refusal, and never runs the handler', async (_label, headers) => {
    const spy = vi.fn(async () => jsonResponse({}));
    const response = await apiRoute({ auth: 'source' }, spy)(request({ method: 'POST', body: '{"a":1}', headers }), segment);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ ok: false, error: 'unauthorized' });
    expect(spy).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith(expect.any(Object), 'webhook refused: bad or missing credentials');
  });

  it('hands the handler the source and the bytes exactly as sent, with a secret or a signature', async () => {
    const raw = Buffer.from('name=Mu\xf1oz', 'latin1');
    const bySecret = await post(raw, { 'x-webhook-secret': SECRET });
    expect(await bySecret.json()).toEqual({ source: 'webhook', body: 'name=Mu\xf1oz' });
    const signed = await post('{"a":1}', { 'x-signature': signBody(SECRET, '{"a":1}', Math.floor(Date.now() / 1000)) });
    expect(await signed.json()).toEqual({ source: 'webhook', body: '{"a":1}' });
  });

  it('checks the size before the credentials: 413 even without them', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 1);
    expect((await post(big, {})).status).toBe(413);
    // A sender that understates Content-Length is stopped while the body streams in.
    const streamed = new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode(big)); controller.close(); } });
    const streaming = new Request(`http://${HOST}/api/x`, { method: 'POST', body: streamed, headers: { host: HOST, 'x-webhook-secret': SECRET }, duplex: 'half' } as RequestInit);
    expect((await route(streaming, segment)).status).toBe(413);
  });

  it('parses a JSON body from the authenticated bytes, whatever the content type', async () => {
    const events = apiRoute({ auth: 'source', body: z.array(z.number()) }, async ({ body }) => jsonResponse({ sum: body.reduce((a, b) => a + b, 0) }));
    const response = await events(request({ method: 'POST', body: '[1,2,3]', headers: { 'x-webhook-secret': SECRET } }), segment);
    expect(await response.json()).toEqual({ sum: 6 });
    const broken = await events(request({ method: 'POST', body: '[1,', headers: { 'x-webhook-secret': SECRET } }), segment);
    expect(broken.status).toBe(400);
    expect((await broken.json()).message).toBe('body is not valid JSON');
  });
});

describe("apiRoute({ auth: 'none' })", () => {
  it('runs the handler for anyone, with neither viewer nor source', async () => {
    const response = await apiRoute({ auth: 'none' }, echo)(request({ headers: { 'sec-fetch-site': 'cross-site' } }), segment);
    expect(response.status).toBe(200);
    expect((await response.json()).keys).toEqual(['body', 'log', 'params', 'query', 'req', 'requestId']);
  });
});

describe('apiRoute errors and request ids', () => {
  const failing = (error: unknown) => apiRoute({ auth: 'none' }, async () => {
    throw error;
  });

  it('echoes a sane X-Request-Id and makes one otherwise', async () => {
    const mine = await failing(new ApiError('not_found'))(request({ headers: { 'x-request-id': 'req-42' } }), segment);
    expect(mine.headers.get('x-request-id')).toBe('req-42');
    const made = await failing(new ApiError('not_found'))(request({ headers: { 'x-request-id': 'bad id!' } }), segment);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('passes a SQL function\'s message through with its status', async () => {
    const response = await failing(Object.assign(new Error('order 7 is already fulfilled'), { code: 'PT409' }))(request(), segment);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ ok: false, error: 'conflict', message: 'order 7 is already fulfilled' });
    expect(log.error).not.toHaveBeenCalled();
  });

  it('hides an unexpected error behind 500 and its request id, and logs it', async () => {
    const error = Object.assign(new Error('relation "secret_table" does not exist'), { code: '42P01' });
    const response = await failing(error)(request({ headers: { 'x-request-id': 'req-500' } }), segment);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ ok: false, error: 'internal_error', request_id: 'req-500' });
    expect(log.error).toHaveBeenCalledWith({ err: error }, 'request failed');
  });

  it('answers a database outage with 503 and Retry-After', async () => {
    const response = await failing(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))(request(), segment);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ ok: false, error: 'unavailable' });
  });
});

describe('apiRoute context types', () => {
  it('gives each handler exactly what its auth provides (checked by tsc)', () => {
    const routes = [
      apiRoute({ auth: 'viewer' }, async ({ viewer }) => jsonResponse(viewer.email)),
      apiRoute({ auth: 'source' }, async ({ source, bytes }) => jsonResponse([source.name, bytes.length])),
    ];
    // @ts-expect-error a public route has no viewer
    apiRoute({ auth: 'none' }, async ({ viewer }) => jsonResponse(viewer));
    // @ts-expect-error a webhook route has no viewer
    apiRoute({ auth: 'source' }, async ({ viewer }) => jsonResponse(viewer));
    // @ts-expect-error a dashboard route has no webhook source
    apiRoute({ auth: 'viewer' }, async ({ source }) => jsonResponse(source));
    // @ts-expect-error every route says who may call it
    apiRoute({}, async () => jsonResponse({}));
    expect(routes.map((route) => typeof route)).toEqual(['function', 'function']);
  });
});
