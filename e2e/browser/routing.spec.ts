import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { withOnlyNewCallers } from '../support/callers';

test('set a caller\'s cap, ingest past it, and see the overflow go to stock with the reason', async ({ page, request }) => {
  const name = `Cap Tester ${randomUUID().slice(0, 6)}`;
  await withOnlyNewCallers(request, async () => {
    await page.goto('/callers/new');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Daily lead limit').fill('2');
    await page.getByLabel('States').selectOption(['WY']);
    await page.getByRole('button', { name: 'Save caller' }).click();
    await expect(page).toHaveURL(/\/callers$/);
    const row = page.getByTestId('callers-table').getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('0 / 2');

    const leads: { lead_id: string; status: string }[] = [];
    for (let i = 1; i <= 3; i += 1) {
      const response = await request.post('/api/ingest', {
        data: { first_name: `Wyoming ${i}`, state: 'Wyoming' },
        headers: { 'X-Webhook-Secret': process.env.WEBHOOK_SECRET! },
      });
      leads.push(await response.json());
    }
    expect(leads.map((l) => l.status)).toEqual(['assigned', 'assigned', 'new']);

    await page.reload();
    await expect(row).toContainText('2 / 2');

    await page.goto(`/leads/${leads[2]!.lead_id}`);
    await expect(page.getByTestId('lead-status')).toHaveText('new');
    const why = page.getByTestId('why-in-stock');
    await expect(why).toContainText('nobody was eligible');
    await expect(why.getByRole('row', { name: new RegExp(name) })).toContainText('at daily cap 2/2');

    // The first lead shows who took it and why.
    await page.goto(`/leads/${leads[0]!.lead_id}`);
    await expect(page.getByTestId('routing-trace')).toContainText('state_match');
    await expect(page.getByTestId('routing-trace')).toContainText(name);
    await page.getByRole('button', { name: 'Mark contacted' }).click();
    await expect(page.getByTestId('lead-action-result')).toHaveText('Marked contacted.');
    await expect(page.getByTestId('status-history')).toContainText('assigned → contacted');
  });
});
