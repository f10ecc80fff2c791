import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { sql } from '../support/database';

test('a 50,000-row CSV imports completely', async ({ page }) => {
  test.setTimeout(300_000);
  const marker = `big${randomUUID().slice(0, 8)}`;
  const lines = ['first_name,last_name,email,state,campaign'];
  // Distinct emails and no phones: nothing here is a duplicate of anything else.
  for (let i = 1; i <= 50_000; i += 1) lines.push(`${marker},Row ${i},${marker}.${i}@bulk.example,${i % 2 ? 'TX' : 'Florida'},fall-${i % 10}`);

  await page.goto('/leads/import');
  await page.getByTestId('csv-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByText('Import finished')).toBeVisible({ timeout: 280_000 });
  await expect(page.getByTestId('import-created')).toHaveText('50000');
  await expect(page.getByTestId('import-failed')).toHaveText('0');

  const [row] = await sql`select count(*)::int as n, count(distinct state)::int as states from public.leads where first_name = ${marker}`;
  expect(row).toEqual({ n: 50_000, states: 2 });
});
