import { expect, test } from '@playwright/test';
import { sql } from '../support/database';

const EMAIL = 'pat.manager@example.com';

test.afterEach(async () => {
  await sql`delete from auth.users where email = ${EMAIL}`;
});

test('an admin adds a member by email, can view as them, and deactivates them', async ({ page }) => {
  await page.goto('/members');
  const invite = page.getByRole('form', { name: 'Add a member' });
  await invite.getByLabel('Email').fill('Pat.Manager@Example.com');
  await invite.getByLabel('Role').selectOption('manager');
  await invite.getByRole('button', { name: 'Invite' }).click();
  await expect(invite.getByRole('status')).toHaveText(`${EMAIL} is now a manager.`);
  const row = page.getByTestId('members-table').getByRole('row').filter({ hasText: EMAIL });
  await expect(row).toContainText('manager');

  // A caller member needs the caller they work as: the database says so.
  await invite.getByLabel('Email').fill('someone.else@example.com');
  await invite.getByLabel('Role').selectOption('caller');
  await invite.getByRole('button', { name: 'Invite' }).click();
  await expect(invite.getByRole('alert')).toHaveText('a caller member needs the caller record they work as (caller_id)');

  await page.getByLabel('View as').selectOption({ label: `${EMAIL} (manager)` });
  await page.getByRole('button', { name: 'Switch' }).click();
  await expect(page.getByRole('link', { name: 'Members' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Callers' })).toBeVisible();
  await page.goto('/members');
  await expect(page).toHaveURL(/\/$/);

  await page.getByLabel('View as').selectOption({ label: 'admin@localhost (admin)' });
  await page.getByRole('button', { name: 'Switch' }).click();
  await expect(page.getByRole('link', { name: 'Members' })).toBeVisible();
  await page.goto('/members');
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('deactivated');
  await expect(page.getByLabel('View as').locator('option', { hasText: EMAIL })).toHaveCount(0);
  const [member] = await sql`select active from public.members where email = ${EMAIL}`;
  expect(member).toEqual({ active: false });
});
