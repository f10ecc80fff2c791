import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { withOnlyNewCallers } from '../support/callers';
import { sql } from '../support/database';

test('change a caller on the dashboard, find the change on the Audit page by its filters, and read a lead\'s trail', async ({ page, request }) => {
  const name = `Audit Tester ${randomUUID().slice(0, 6)}`;
  await withOnlyNewCallers(request, async () => {
    await page.goto('/callers/new');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Daily lead limit').fill('2');
    await page.getByLabel('States').selectOption(['WY']);
    await page.getByRole('button', { name: 'Save caller' }).click();
    await expect(page).toHaveURL(/\/callers$/);

    await page.getByTestId('callers-table').getByRole('link', { name }).click();
    await page.getByLabel('Daily lead limit').fill('3');
    await page.getByRole('button', { name: 'Save caller' }).click();
    await expect(page).toHaveURL(/\/callers$/);
    const [caller] = await sql<{ id: string }[]>`select id from public.callers where name = ${name}`;

    // Filtered as a person would: table, action, who, which row.
    await page.goto('/audit');
    const filters = page.getByRole('form', { name: 'Filter the audit log' });
    await filters.getByLabel('Table').selectOption('callers');
    await filters.getByLabel('Action').selectOption('update');
    await filters.getByLabel('Actor').fill('admin@local');
    await filters.getByLabel('Row id').fill(caller!.id);
    await filters.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/table=callers&action=update&actor=admin%40local&row_id=/);
    const rows = page.getByTestId('audit-table').locator('tbody tr');
    // Creating the caller saved its fields onto the new row (an update); the edit is the newest.
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText('daily_lead_limit: 2 → 3');
    await expect(rows.first()).toContainText('admin@localhost');
    await expect(rows.first().getByTestId('audit-changes')).not.toContainText('updated_at');
    await expect(rows.nth(1)).toContainText('daily_lead_limit: 25 → 2');
    await expect(filters.getByLabel('Table')).toHaveValue('callers');

    // Another actor finds nothing.
    await page.goto(`/audit?table=callers&row_id=${caller!.id}&actor=api%20key`);
    await expect(page.getByTestId('empty-state')).toContainText('No changes match');

    // A lead from intake, routed to that caller, then worked on its page: each step on its trail.
    const response = await request.post('/api/ingest', {
      data: { first_name: 'Trail', last_name: randomUUID().slice(0, 6), state: 'Wyoming' },
      headers: { 'X-Webhook-Secret': process.env.WEBHOOK_SECRET! },
    });
    const lead = await response.json();
    expect(lead).toMatchObject({ status: 'assigned', assigned_to: { id: caller!.id } });
    await page.goto(`/leads/${lead.lead_id}`);
    await page.getByRole('button', { name: 'Mark contacted' }).click();
    await expect(page.getByTestId('lead-action-result')).toHaveText('Marked contacted.');
    const trail = page.getByTestId('lead-trail').locator(':scope > li');
    await expect(trail).toHaveCount(3);
    await expect(trail.nth(0)).toContainText('status: assigned → contacted');
    await expect(trail.nth(0)).toContainText('admin@localhost');
    await expect(trail.nth(1)).toContainText('status: new → assigned');
    await expect(trail.nth(1)).toContainText(`assigned_caller_id: — → ${caller!.id}`);
    await expect(trail.nth(1)).toContainText('source webhook');
    await expect(trail.nth(2)).toContainText('insert');
    await expect(trail.nth(2)).toContainText('source webhook');
  });
});
