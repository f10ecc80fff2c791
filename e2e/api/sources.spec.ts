import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';

test('create a source, rotate its secret, end the rotation, deactivate it', async ({ request }) => {
  const name = `src-${randomUUID().slice(0, 8)}`;
  const created = await request.post('/api/sources', { data: { name } });
  expect(created.status()).toBe(201);
  const { source, secret } = await created.json();
  expect(source).toMatchObject({ name, kind: 'webhook', active: true, rotating: false });
  expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
  expect(JSON.stringify(await (await request.get('/api/sources')).json())).not.toContain(secret);

  const post = (key: string) => request.post('/api/ingest', { data: { first_name: name }, headers: { 'X-Webhook-Secret': key } });
  expect((await post(secret)).status()).toBe(201);

  const rotated = await (await request.patch(`/api/sources/${source.id}`, { data: { rotate: true } })).json();
  expect(rotated.source.rotating).toBe(true);
  expect(rotated.secret).not.toBe(secret);
  expect((await post(secret)).status()).toBe(201);
  expect((await post(rotated.secret)).status()).toBe(201);

  await request.patch(`/api/sources/${source.id}`, { data: { end_rotation: true } });
  expect((await post(secret)).status()).toBe(401);
  expect((await post(rotated.secret)).status()).toBe(201);

  await request.patch(`/api/sources/${source.id}`, { data: { active: false } });
  expect((await post(rotated.secret)).status()).toBe(401);
});

test('clear errors for bad source requests', async ({ request }) => {
  const bad = await request.post('/api/sources', { data: { name: 'Has Spaces' } });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ ok: false, error: 'bad_request', message: expect.stringMatching(/^source name must be/) });
  const taken = await request.post('/api/sources', { data: { name: 'webhook' } });
  expect(taken.status()).toBe(409);
  expect(await taken.json()).toEqual({ ok: false, error: 'conflict', message: 'a source named webhook already exists' });
  const missing = await request.patch(`/api/sources/${randomUUID()}`, { data: { active: true } });
  expect(missing.status()).toBe(404);
  const empty = await request.patch(`/api/sources/${randomUUID()}`, { data: {} });
  expect(empty.status()).toBe(400);
});

test('dashboard endpoints refuse cross-site requests and non-JSON bodies', async ({ request }) => {
  const crossSite = await request.post('/api/sources', { data: { name: 'csrf-try' }, headers: { Origin: 'http://evil.example' } });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.json()).toEqual({ ok: false, error: 'forbidden', message: 'cross-site request refused' });
  const fetchSite = await request.post('/api/leads/import', { data: {}, headers: { 'Sec-Fetch-Site': 'cross-site' } });
  expect(fetchSite.status()).toBe(403);
  const textPlain = await request.post('/api/sources', { data: Buffer.from('{"name":"plain-try"}'), headers: { 'Content-Type': 'text/plain' } });
  expect(textPlain.status()).toBe(400);
  expect((await textPlain.json()).message).toBe('send the body as application/json');
});
