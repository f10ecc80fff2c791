import { expect, test } from '@playwright/test';
import { sql } from '../support/database';

// Specs run one at a time (workers: 1), and this one puts the time zone back however it ends.
test.afterEach(async () => {
  await sql`select public.set_setting('timezone', '"America/New_York"')`;
});

test('change the time zone on the Settings page: a bad value is refused in words, a good one moves every page', async ({ page }) => {
  await page.goto('/settings');
  const editor = page.getByTestId('setting-timezone');
  const input = editor.getByLabel('Value of timezone');
  await expect(input).toHaveValue('America/New_York');

  await input.fill('Mars/Olympus');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('alert')).toHaveText('timezone must be an IANA time zone such as America/New_York');
  const [unchanged] = await sql`select public.app_time_zone() as tz`;
  expect(unchanged!.tz).toBe('America/New_York');

  await input.fill('Asia/Tokyo');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved timezone.');
  const [changed] = await sql`select public.app_time_zone() as tz`;
  expect(changed!.tz).toBe('Asia/Tokyo');

  await page.goto('/');
  await expect(page.getByText('Times in Asia/Tokyo')).toBeVisible();
  await expect(page.getByTestId('recent-leads')).toContainText(/GMT\+9|JST/);
});
