import { expect, test, type Page } from '@playwright/test';
import { sql } from '../support/database';
import { startHostedServer, type HostedServer } from '../support/hosted-server';
import type { AuthDouble } from '../support/supabase-auth-double';
import { addAdmin, busiestCaller, ownersOf } from '../support/viewers';

let hosted: HostedServer;
let auth: AuthDouble;
let server: { url: string };
let caller: Awaited<ReturnType<typeof busiestCaller>>;
const PASSWORD = 'correct horse battery staple';

test.beforeAll(async () => {
  hosted = await startHostedServer();
  ({ auth } = hosted);
  server = hosted;
  caller = await busiestCaller();
  // The demo callers' Auth users are rows with the caller's id; the stand-in signs them in as such.
  auth.addUser({ id: caller.userId, email: caller.email, password: PASSWORD });
});
test.afterAll(async () => {
  await hosted?.stop();
  await sql`update public.members set active = true where user_id = ${caller.userId}`;
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/leads`);
  await expect(page).toHaveURL(`${server.url}/login?next=%2Fleads`);
  const form = page.getByRole('form', { name: 'Sign in with password' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

async function linkedLeadIds(page: Page, table: string): Promise<string[]> {
  const hrefs = await page.getByTestId(table).locator('a[href^="/leads/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((href) => href.split('/').pop()!);
}

test('no session: pages go to /login, APIs answer 401', async ({ page, request }) => {
  await page.goto(`${server.url}/`);
  await expect(page).toHaveURL(`${server.url}/login`);
  await expect(page.getByRole('heading', { name: 'Sign in to LeadOps' })).toBeVisible();
  const api = await request.get(`${server.url}/api/leads`);
  expect(api.status()).toBe(401);
});

test('a wrong password is refused without saying whether the account exists', async ({ page }) => {
  const form = page.getByRole('form', { name: 'Sign in with password' });
  await signIn(page, caller.email, 'wrong password');
  await expect(form.getByRole('alert')).toHaveText('Wrong email or password.');
  await signIn(page, 'nobody@example.com', PASSWORD);
  await expect(form.getByRole('alert')).toHaveText('Wrong email or password.');
});

test('a caller signs in and sees only their own leads, on every page and through the API', async ({ page }) => {
  await signIn(page, caller.email, PASSWORD);
  await expect(page).toHaveURL(`${server.url}/leads`);
  await expect(page.getByTestId('signed-in-as')).toHaveText(`${caller.email} · caller`);
  expect(await ownersOf(await linkedLeadIds(page, 'leads-table'))).toEqual([caller.callerId]);
  await expect(page.getByTestId('pagination')).toContainText(String(caller.leads));

  await page.goto(`${server.url}/leads/mine`);
  expect(await ownersOf(await linkedLeadIds(page, 'my-leads'))).toEqual([caller.callerId]);

  // Another caller's lead is not found, not shown.
  const [other] = await sql<{ id: string }[]>`select id from public.leads where assigned_caller_id <> ${caller.callerId} limit 1`;
  const response = await page.goto(`${server.url}/leads/${other!.id}`);
  expect(response?.status()).toBe(404);

  for (const path of ['/', '/callers', '/orders', '/settings']) {
    await page.goto(`${server.url}${path}`);
    await expect(page).toHaveURL(`${server.url}/leads/mine`);
  }

  const api = await page.request.get(`${server.url}/api/leads?per_page=100`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { data: { id: string }[]; total: number };
  expect(body.total).toBe(caller.leads);
  expect(await ownersOf(body.data.map((lead) => lead.id))).toEqual([caller.callerId]);
  // Their own load, nobody else's.
  const callers = (await (await page.request.get(`${server.url}/api/callers`)).json()) as { data: { id: string }[] };
  expect(callers.data.map((row) => row.id)).toEqual([caller.callerId]);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${server.url}/login`);
  await page.goto(`${server.url}/leads`);
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('an expiring access token is refreshed by the proxy, and the member stays signed in', async ({ page }) => {
  auth.setAccessTokenSeconds(2);
  try {
    await signIn(page, caller.email, PASSWORD);
    await expect(page).toHaveURL(`${server.url}/leads`);
    const session = async () => (await page.context().cookies()).filter((cookie) => cookie.name.includes('auth-token')).map((cookie) => cookie.value).join();
    const cookieBefore = await session();
    await page.waitForTimeout(2500);
    const before = auth.refreshCount();
    await page.goto(`${server.url}/leads/mine`);
    await expect(page).toHaveURL(`${server.url}/leads/mine`);
    await expect(page.getByTestId('signed-in-as')).toHaveText(`${caller.email} · caller`);
    expect(auth.refreshCount()).toBeGreaterThan(before);
    // The browser holds the new session: the proxy wrote it back, not just used it once.
    expect(await session()).not.toBe(cookieBefore);
  } finally {
    auth.setAccessTokenSeconds(3600);
  }
});

test('a deactivated member is refused on the next request, token or not', async ({ page }) => {
  await signIn(page, caller.email, PASSWORD);
  await expect(page).toHaveURL(`${server.url}/leads`);
  await sql`update public.members set active = false where user_id = ${caller.userId}`;
  try {
    await page.goto(`${server.url}/leads`);
    await expect(page).toHaveURL(`${server.url}/not-a-member`);
    await expect(page.getByRole('heading', { name: 'You are not a member of this team' })).toBeVisible();
    expect((await page.request.get(`${server.url}/api/leads`)).status()).toBe(403);
  } finally {
    await sql`update public.members set active = true where user_id = ${caller.userId}`;
  }
  await page.goto(`${server.url}/leads`);
  await expect(page).toHaveURL(`${server.url}/leads`);
});

test('a sign-in link by email signs the member in once', async ({ page }) => {
  await page.goto(`${server.url}/login`);
  const form = page.getByRole('form', { name: 'Email me a sign-in link' });
  await form.getByLabel(/sign-in link/).fill(caller.email);
  await form.getByRole('button', { name: 'Email me a link' }).click();
  await expect(form.getByRole('status')).toContainText('a sign-in link is on its way');
  const link = auth.lastMagicLink(caller.email);
  expect(link).toBeDefined();
  const confirm = `${server.url}/auth/confirm?token_hash=${link!.tokenHash}&type=email&next=%2Fleads%2Fmine`;
  await page.goto(confirm);
  await expect(page).toHaveURL(`${server.url}/leads/mine`);
  await expect(page.getByTestId('signed-in-as')).toHaveText(`${caller.email} · caller`);

  await page.context().clearCookies();
  await page.goto(confirm);
  await expect(page).toHaveURL(`${server.url}/login?error=link`);
});

test('an admin invites a member by email; the invite link signs them in with their role', async ({ page, browser }) => {
  const admin = auth.addUser({ email: 'boss@example.com', password: PASSWORD });
  const invited = 'new.manager@example.com';
  await addAdmin(admin);
  try {
    await signIn(page, admin.email, PASSWORD);
    await expect(page).toHaveURL(`${server.url}/leads`);
    await page.goto(`${server.url}/members`);
    const form = page.getByRole('form', { name: 'Add a member' });
    await form.getByLabel('Email').fill(invited);
    await form.getByLabel('Role').selectOption('manager');
    await form.getByRole('button', { name: 'Invite' }).click();
    await expect(form.getByRole('status')).toHaveText(`${invited} is now a manager.`);

    const link = auth.lastMagicLink(invited);
    expect(link).toBeDefined();
    const context = await browser.newContext();
    const them = await context.newPage();
    await them.goto(`${server.url}/auth/confirm?token_hash=${link!.tokenHash}&type=invite`);
    await expect(them).toHaveURL(`${server.url}/`);
    await expect(them.getByTestId('signed-in-as')).toHaveText(`${invited} · manager`);
    await context.close();
  } finally {
    await sql`delete from auth.users where email in (${admin.email}, ${invited})`;
  }
});
