import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { sql } from '../support/database';
import { startHostedServer, type HostedServer } from '../support/hosted-server';
import { addAdmin } from '../support/viewers';

// Passwords, session tokens, source secrets and API keys pass through the app; none may be
// written down in clear: not in the server's log (at its most verbose), not in any table.
let hosted: HostedServer;
let output = '';
const admin = { id: randomUUID(), email: 'secrets.admin@example.com', password: `pw-${randomUUID()}` };

test.beforeAll(async () => {
  hosted = await startHostedServer({ env: { LOG_LEVEL: 'trace' }, onOutput: (text) => (output += text) });
  hosted.auth.addUser(admin);
  await addAdmin(admin);
});
test.afterAll(async () => {
  await hosted?.stop();
  await sql`delete from public.api_keys where name = 'e2e-secrets'`;
  await sql`delete from auth.users where id = ${admin.id}`;
});

/** Where a text is stored in any column of any table the app writes (auth.users aside). */
async function tablesHolding(text: string): Promise<string[]> {
  const tables = await sql<{ name: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'private') and c.relkind in ('r', 'p')`;
  const holding = [];
  for (const { name } of tables) {
    const [row] = await sql.unsafe(`select count(*)::int as n from ${name} t where strpos(t::text, $1) > 0`, [text]);
    if (row!.n > 0) holding.push(name);
  }
  return holding;
}

test('no password, token, source secret or API key is logged or stored in clear', async ({ page }) => {
  await page.goto(`${hosted.url}/login`);
  const login = page.getByRole('form', { name: 'Sign in with password' });
  await login.getByLabel('Email').fill(admin.email);
  await login.getByLabel('Password').fill(admin.password);
  await login.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText(`${admin.email} · admin`);
  const cookie = (await page.context().cookies()).find((c) => c.name.includes('auth-token'))!.value;
  // @supabase/ssr stores the session as base64-<JSON>: the tokens themselves must not leak either.
  const session = JSON.parse(Buffer.from(cookie.replace(/^base64-/, ''), 'base64url').toString('utf8')) as { access_token: string; refresh_token: string };

  await page.goto(`${hosted.url}/settings`);
  const sourceName = `secrets-${Date.now()}`;
  await page.getByPlaceholder('e.g. landing-pages').fill(sourceName);
  await page.getByRole('button', { name: 'Create source' }).click();
  const secret = (await page.getByTestId('source-secret').locator('code').textContent())!;

  await page.goto(`${hosted.url}/api-keys`);
  const form = page.getByRole('form', { name: 'Create an API key' });
  await form.getByLabel('Name').fill('e2e-secrets');
  await form.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('api-key-once').locator('code').textContent())!;

  // Use them, right and wrong, so that every path that sees them runs.
  expect((await page.request.post(`${hosted.url}/api/ingest`, { headers: { 'X-Webhook-Secret': secret }, data: { first_name: 'Secret', phone: '+12025550187' } })).status()).toBe(201);
  expect((await page.request.post(`${hosted.url}/api/ingest`, { headers: { 'X-Webhook-Secret': `${secret}x` }, data: {} })).status()).toBe(401);
  expect((await page.request.get(`${hosted.url}/api/leads`, { headers: { Authorization: `Bearer ${key}` } })).status()).toBe(200);
  expect((await page.request.get(`${hosted.url}/api/leads`, { headers: { Authorization: `Bearer ${key}x` } })).status()).toBe(401);
  await page.goto(`${hosted.url}/intake`);

  expect(output.length).toBeGreaterThan(0);
  const secrets = [
    ['password', admin.password], ['access token', session.access_token], ['refresh token', session.refresh_token],
    ['source secret', secret], ['API key', key],
  ] as const;
  for (const [what, value] of secrets) {
    expect(output.includes(value), `${what} in the server log`).toBe(false);
    expect(await tablesHolding(value), `${what} stored`).toEqual([]);
  }
});
