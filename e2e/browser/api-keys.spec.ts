import { expect, test, type Page } from '@playwright/test';
import { sql } from '../support/database';
import { busiestCaller, ownersOf } from '../support/viewers';

test.afterEach(async () => {
  await sql`delete from public.api_keys where name like 'e2e-%'`;
});

async function createKey(page: Page, name: string, options: { role?: string; caller?: string; perMinute?: number } = {}): Promise<string> {
  await page.goto('/api-keys');
  const form = page.getByRole('form', { name: 'Create an API key' });
  await form.getByLabel('Name').fill(name);
  if (options.role) await form.getByLabel('Acts as').selectOption(options.role);
  if (options.caller) await form.getByLabel('Caller (caller keys)').selectOption({ label: options.caller });
  if (options.perMinute) await form.getByLabel('Requests per minute').fill(String(options.perMinute));
  await form.getByRole('button', { name: 'Create key' }).click();
  const shown = page.getByTestId('api-key-once');
  await expect(shown).toContainText('Copy it now');
  return (await shown.locator('code').textContent())!;
}

test('an admin makes a key, shown once and stored hashed; scripts use it as Bearer, until it is revoked', async ({ page, request }) => {
  const key = await createKey(page, 'e2e-export');
  expect(key).toMatch(/^lok_[\w-]{43}$/);
  const [stored] = await sql`select key_hash, prefix from public.api_keys where name = 'e2e-export'`;
  expect(stored!.key_hash).not.toContain(key);
  expect(key.startsWith(stored!.prefix)).toBe(true);
  await page.reload();
  await expect(page.getByTestId('api-keys-table')).not.toContainText(key);

  const bearer = { Authorization: `Bearer ${key}` };
  // No cookie, no Origin: a script. Each API takes the key.
  for (const path of ['/api/leads?per_page=1', '/api/orders', '/api/callers', '/api/scoring/rules', '/api/leads/stats']) {
    expect((await request.get(path, { headers: bearer })).status(), path).toBe(200);
  }
  // Dashboard-only endpoints do not.
  expect((await request.get('/api/sources', { headers: bearer })).status()).toBe(403);
  expect((await request.get('/api/leads', { headers: { Authorization: 'Bearer lok_wrong' } })).status()).toBe(401);
  expect((await request.get('/api/leads', { headers: { Authorization: 'Bearer ' } })).status()).toBe(401);

  await page.goto('/api-keys');
  await expect(page.getByTestId('api-keys-table')).not.toContainText('never');
  await page.getByRole('button', { name: 'Revoke e2e-export' }).click();
  await expect(page.getByTestId('api-keys-table')).toContainText('revoked');
  const refused = await request.get('/api/leads', { headers: bearer });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: 'unauthorized', message: 'unknown or revoked API key' });
});

test('a caller key reads only its caller\'s leads', async ({ page, request }) => {
  const caller = await busiestCaller();
  const key = await createKey(page, 'e2e-caller', { role: 'caller', caller: caller.name });
  const response = await request.get('/api/leads?per_page=100', { headers: { Authorization: `Bearer ${key}` } });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { total: number; data: { id: string }[] };
  expect(body.total).toBe(caller.leads);
  expect(await ownersOf(body.data.map((lead) => lead.id))).toEqual([caller.callerId]);
});

test('past its limit a key gets 429 with Retry-After, counted in the database', async ({ page, request }) => {
  const key = await createKey(page, 'e2e-limited', { perMinute: 3 });
  // Limits count per clock minute: start away from a minute's end so the burst stays in one.
  const seconds = new Date().getSeconds();
  if (seconds >= 55) await page.waitForTimeout((61 - seconds) * 1000);
  const statuses = [];
  let retryAfter: string | undefined;
  for (let i = 0; i < 5; i += 1) {
    const response = await request.get('/api/leads/stats', { headers: { Authorization: `Bearer ${key}` } });
    statuses.push(response.status());
    retryAfter ??= response.headers()['retry-after'];
  }
  expect(statuses).toEqual([200, 200, 200, 429, 429]);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
});
