import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { sql } from '../support/database';

// Two managers, one caller: a save made from the version the form was opened at is refused when
// someone else has saved since, and the form says so and shows the current version.

/** A caller of this test's own, inactive so that routing in later specs never picks it. */
async function newCaller(request: APIRequestContext, fields: Record<string, unknown> = {}) {
  const response = await request.post('/api/callers', { data: { name: `Conflict ${randomUUID().slice(0, 6)}`, active: false, daily_lead_limit: 5, ...fields } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; version: number };
}

test('a caller changed underneath an open edit form: the save is refused, the form shows the current version, saving again works', async ({ page, request }) => {
  const caller = await newCaller(request);
  await page.goto(`/callers/${caller.id}`);
  const form = page.getByTestId('caller-form');
  await expect(form.getByLabel('Daily lead limit')).toHaveValue('5');

  // Someone else changes the caller while the form is open (here: the SQL console).
  await sql`update public.callers set daily_lead_limit = 7, languages = '{en,fr}' where id = ${caller.id}`;

  await form.getByLabel('Daily lead limit').fill('12');
  await form.getByRole('button', { name: 'Save caller' }).click();

  const conflict = form.getByTestId('edit-conflict');
  await expect(conflict).toContainText('This caller was changed by someone else since you opened it');
  await expect(conflict).toContainText('here is the current version');
  await expect(conflict).toContainText('review them and save again');
  await expect(conflict.getByTestId('edit-conflict-changes')).toContainText('Daily lead limit: 5 → 7');
  await expect(conflict.getByTestId('edit-conflict-changes')).toContainText('Languages');
  // The fields now hold the current version.
  await expect(form.getByLabel('Daily lead limit')).toHaveValue('7');
  await expect(form.getByLabel('Languages')).toHaveValue('en, fr');
  await expect(page).toHaveURL(new RegExp(`/callers/${caller.id}$`));
  const [kept] = await sql`select daily_lead_limit from public.callers where id = ${caller.id}`;
  expect(kept!.daily_lead_limit).toBe(7);

  // Reviewed, changed again and saved from the current version: it goes through.
  await form.getByLabel('Daily lead limit').fill('12');
  await form.getByRole('button', { name: 'Save caller' }).click();
  await expect(page).toHaveURL(/\/callers$/);
  const [saved] = await sql`select daily_lead_limit, languages from public.callers where id = ${caller.id}`;
  expect(saved).toEqual({ daily_lead_limit: 12, languages: ['en', 'fr'] });
});

test('the JSON API: a stale "version" answers 409 with the current caller; without one the last write wins', async ({ request }) => {
  const caller = await newCaller(request);
  const fresh = await request.patch(`/api/callers/${caller.id}`, { data: { daily_lead_limit: 6, version: caller.version } });
  expect(fresh.status()).toBe(200);
  const saved = await fresh.json();
  expect(saved).toMatchObject({ daily_lead_limit: 6, version: caller.version + 1 });

  const stale = await request.patch(`/api/callers/${caller.id}`, { data: { daily_lead_limit: 9, version: caller.version } });
  expect(stale.status()).toBe(409);
  expect(await stale.json()).toEqual({
    ok: false,
    error: 'conflict',
    message: expect.stringContaining('was changed by someone else since version'),
    current: expect.objectContaining({ id: caller.id, daily_lead_limit: 6, version: caller.version + 1 }),
  });

  const blind = await request.patch(`/api/callers/${caller.id}`, { data: { daily_lead_limit: 9 } });
  expect(await blind.json()).toMatchObject({ daily_lead_limit: 9, version: caller.version + 2 });
});
