import { expect, test, type Page } from '@playwright/test';
import { busiestCaller, ownersOf } from '../support/viewers';

async function linkedLeadIds(page: Page, table: string): Promise<string[]> {
  const hrefs = await page.getByTestId(table).locator('a[href^="/leads/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((href) => href.split('/').pop()!);
}

test('local mode: a badge, and viewing as a caller shows only that caller\'s leads, on every page', async ({ page }) => {
  const caller = await busiestCaller();
  await page.goto('/');
  await expect(page.getByTestId('local-mode')).toHaveText('Local mode');
  await expect(page.getByRole('link', { name: 'Callers' })).toBeVisible();

  await page.getByLabel('View as').selectOption({ label: `${caller.name} (caller)` });
  await page.getByRole('button', { name: 'Switch' }).click();
  // A caller lands on their worklist and is shown only the pages for them.
  await expect(page).toHaveURL(/\/leads\/mine$/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Leads', 'My leads']);
  const mine = await linkedLeadIds(page, 'my-leads');
  expect(mine.length).toBeGreaterThan(0);
  expect(await ownersOf(mine)).toEqual([caller.callerId]);

  await page.goto('/leads');
  expect(await ownersOf(await linkedLeadIds(page, 'leads-table'))).toEqual([caller.callerId]);
  await expect(page.getByTestId('pagination')).toContainText(String(caller.leads));

  // Staff pages send a caller back to their worklist rather than showing them nothing.
  for (const path of ['/', '/callers', '/orders', '/settings', '/intake']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/leads\/mine$/);
  }

  await page.getByLabel('View as').selectOption({ label: 'admin@localhost (admin)' });
  await page.getByRole('button', { name: 'Switch' }).click();
  await expect(page.getByRole('link', { name: 'Callers' })).toBeVisible();
});
