import { expect, test } from '@playwright/test';
import { sql } from '../support/database';

// Other specs add leads to the same database: compare with what it holds now.
async function leadCount(): Promise<number> {
  const [row] = await sql`select count(*)::int as n from public.leads`;
  return row!.n;
}

test('the Overview page shows the demo data', async ({ page }) => {
  const leads = await leadCount();
  expect(leads).toBeGreaterThanOrEqual(320);
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('stat-leads-total')).toHaveText(leads.toLocaleString('en-US'));
  const [orders] = await sql`select count(*)::int as n from public.orders where status = 'open'`;
  expect(orders!.n).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('stat-orders-open')).toHaveText(String(orders!.n));
  await expect(page.getByTestId('recent-leads').locator('tbody tr')).toHaveCount(10);
  // Times are shown in New York time.
  await expect(page.getByTestId('recent-leads')).toContainText(/ E[SD]T/);
});

test('the navigation reaches every section', async ({ page }) => {
  await page.goto('/');
  for (const [label, heading] of [
    ['Leads', 'Leads'], ['Callers', 'Callers'], ['Orders', 'Orders'], ['Scoring', 'Scoring'],
    ['Intake', 'Intake'], ['Automation', 'Automation'], ['Settings', 'Settings'],
  ] as const) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }
  const [callers] = await sql`select count(*)::int as n from public.callers`;
  expect(callers!.n).toBeGreaterThanOrEqual(6);
  await page.goto('/callers');
  await expect(page.getByTestId('callers-table').locator('tbody tr')).toHaveCount(callers!.n);
});

test('the Leads list pages through the demo leads and filters by status', async ({ page }) => {
  const total = (await leadCount()).toLocaleString('en-US');
  await page.goto('/leads');
  await expect(page.getByTestId('pagination')).toContainText(`1–50 of ${total}`);
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page.getByTestId('pagination')).toContainText(`51–100 of ${total}`);
  const [sold] = await sql`select count(*)::int as n from public.leads where status = 'sold'`;
  expect(sold!.n).toBeGreaterThanOrEqual(10);
  await page.getByRole('group', { name: 'Filter by status' }).getByRole('link', { name: 'sold', exact: true }).click();
  await expect(page.getByTestId('pagination')).toContainText(`of ${sold!.n}`);
  await expect(page.getByTestId('leads-table').locator('tbody tr')).toHaveCount(Math.min(50, sold!.n));
});
