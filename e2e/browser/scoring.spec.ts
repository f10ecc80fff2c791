import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';

test('change a rule on the Scoring page, re-score, and watch a lead\'s score change', async ({ page, request }) => {
  test.setTimeout(120_000);
  const auth = { 'X-Webhook-Secret': process.env.WEBHOOK_SECRET! };
  const leadId = (await (await request.post('/api/ingest', { data: { first_name: `Scorer ${randomUUID().slice(0, 6)}` }, headers: auth })).json()).lead_id;
  await request.post('/api/events', { data: { event_id: `ui-${randomUUID()}`, lead_id: leadId, type: 'email_opened' }, headers: auth });

  await page.goto(`/leads/${leadId}`);
  await expect(page.getByTestId('lead-score')).toHaveText('5');

  await page.goto('/scoring');
  await expect(page.getByTestId('leaderboard')).toBeVisible();
  await page.getByLabel('Points for email_opened').fill('9');
  await page.getByRole('button', { name: 'Preview (what-if)' }).click();
  await expect(page.getByTestId('preview')).toContainText('would change');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByTestId('scoring-message')).toContainText('Saved as version');
  await page.getByRole('button', { name: 'Re-score all leads' }).click();
  await expect(page.getByTestId('scoring-message')).toContainText('Re-scored', { timeout: 90_000 });
  await expect(page.getByTestId('rescore-progress')).toBeVisible();

  await page.goto(`/leads/${leadId}`);
  await expect(page.getByTestId('lead-score')).toHaveText('9');
  await expect(page.getByTestId('score-history')).toContainText('re-scored under rules');
  await expect(page.getByTestId('score-chart')).toBeVisible();

  // Put the default back for anything that runs after.
  await page.goto('/scoring');
  await page.getByLabel('Points for email_opened').fill('5');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByTestId('scoring-message')).toContainText('Saved as version');
});

test('upload events from a CSV and see what happened to each row', async ({ page, request }) => {
  const auth = { 'X-Webhook-Secret': process.env.WEBHOOK_SECRET! };
  const email = `csv-events-${randomUUID().slice(0, 8)}@example.com`;
  const leadId = (await (await request.post('/api/ingest', { data: { first_name: 'Csv events', email }, headers: auth })).json()).lead_id;
  const csv = [
    'lead_id,email,type,occurred_at,event_id',
    `${leadId},,email_clicked,2026-11-20T10:00:00Z,csv-a-${leadId}`,
    `,${email},purchase,,csv-b-${leadId}`,
    `,${email},purchase,,csv-b-${leadId}`,
    `,nobody-${randomUUID()}@example.com,purchase,,csv-c-${leadId}`,
    `${leadId},,Not A Type,,csv-d-${leadId}`,
  ].join('\n');
  await page.goto('/scoring');
  await page.getByTestId('events-file').setInputFiles({ name: 'events.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('events-summary')).toContainText('2 recorded, 1 duplicates, 1 unknown leads, 1 invalid.');
  await page.goto(`/leads/${leadId}`);
  await expect(page.getByTestId('lead-score')).toHaveText('110');
});
