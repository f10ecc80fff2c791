import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { sql } from '../support/database';

test('create an order in the browser, fulfill it, export the CSV and check its rows', async ({ page }) => {
  await sql`update public.leads set state = null where state = 'SD' and status = 'new'`;
  await sql`
    insert into public.leads (first_name, last_name, state, email, created_at)
    select 'Dakota', 'Buyer ' || i, 'SD', 'sd' || i || '@example.com', now() - interval '3 days' + i * interval '1 hour'
    from generate_series(1, 6) i`;
  const customer = `Prairie Leads ${randomUUID().slice(0, 6)}`;

  await page.goto('/orders/new');
  await page.getByLabel('Customer name').fill(customer);
  await expect(page.getByLabel('States').locator('option[value="SD"]')).toHaveText(/\(6 in stock\)/);
  await page.getByLabel('States').selectOption(['SD']);
  await page.getByLabel('Quantity').fill('5');
  await page.getByRole('button', { name: 'Create order' }).click();

  await expect(page.getByRole('heading', { name: customer })).toBeVisible();
  await expect(page.getByTestId('order-allocated')).toHaveText('5');
  await expect(page.getByTestId('order-leads').locator('tbody tr')).toHaveCount(5);
  await page.getByRole('button', { name: 'Fulfill' }).click();
  await expect(page.getByTestId('order-action-result')).toHaveText('Order fulfilled: its leads are sold.');
  await expect(page.getByTestId('order-status')).toHaveText('fulfilled');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const file = await download;
  const text = Buffer.concat(await (await file.createReadStream()).toArray()).toString('utf8');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  expect(rows).toHaveLength(5);
  // Oldest first: the five earliest of the six.
  expect(rows.map((r) => r.last_name).sort()).toEqual(['Buyer 1', 'Buyer 2', 'Buyer 3', 'Buyer 4', 'Buyer 5']);
  expect(rows.every((r) => r.customer_name === customer && r.state === 'SD' && / E[SD]T$/.test(r.created_at!))).toBe(true);

  // 20% of 5: one lead may come back, a second may not.
  await page.getByRole('checkbox').first().check();
  await page.getByLabel('Return reason').fill('wrong number');
  await page.getByRole('button', { name: 'Return selected' }).click();
  await expect(page.getByTestId('order-action-result')).toHaveText('1 lead(s) returned to stock.');
  await expect(page.getByTestId('order-leads').locator('tbody tr')).toHaveCount(4);
  await page.getByRole('checkbox').first().check();
  await page.getByLabel('Return reason').fill('also wrong');
  await page.getByRole('button', { name: 'Return selected' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'return limit' })).toContainText('would exceed the 20 % return limit');
});
