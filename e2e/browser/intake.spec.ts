import { randomBytes, randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { sql } from '../support/database';

const uid = () => randomUUID().slice(0, 8);
const phone = () => `(917) ${200 + randomBytes(2).readUInt16BE() % 800}-${String(randomBytes(2).readUInt16BE() % 10000).padStart(4, '0')}`;

test('import a CSV in the browser: map headers, watch progress, see the new leads', async ({ page }) => {
  const marker = `csv${uid()}`;
  // Area code 929 is this test's own, numbered in sequence: random numbers would collide now and then.
  const base = 2_000_000 + (randomBytes(2).readUInt16BE() % 4000) * 1000;
  const seqPhone = (i: number) => `(929) ${String(base + i).slice(0, 3)}-${String(base + i).slice(3)}`;
  const repeated = seqPhone(7);
  const lines = ['First Name,Last Name,Phone Number,Region,Favourite Colour,Internal Notes'];
  for (let i = 1; i <= 1200; i += 1) lines.push(`${marker}-${i},Muñoz Škoda,${seqPhone(i)},California,blue,"note, with comma ${i}"`);
  lines.push(`${marker}-dupe,Muñoz Škoda,${repeated},CA,red,dupe`);

  await page.goto('/leads/import');
  await page.getByTestId('csv-file').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByTestId('mapping')).toBeVisible();
  await expect(page.getByLabel('Map Phone Number')).toHaveValue('phone');
  await expect(page.getByLabel('Map Region')).toHaveValue('state');
  await expect(page.getByLabel('Map Favourite Colour')).toHaveValue('metadata');
  await page.getByLabel('Map Internal Notes').selectOption('ignore');
  await page.getByRole('button', { name: 'Import' }).click();

  await expect(page.getByTestId('import-progress')).toBeVisible();
  await expect(page.getByText('Import finished')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('import-percent')).toHaveText('100%');
  await expect(page.getByTestId('import-rows')).toHaveText('1201');
  await expect(page.getByTestId('import-created')).toHaveText('1200');
  await expect(page.getByTestId('import-duplicates')).toHaveText('1');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download results' }).click();
  const results = (await (await download).createReadStream()).toArray();
  const text = Buffer.concat(await results).toString('utf8');
  expect(text.split(/\r?\n/)[0]).toBe('row,outcome,lead_id,reason');
  expect(text).toContain('1201,duplicate,');

  const [row] = await sql`
    select count(*)::int as n,
           count(*) filter (where state = 'CA' and last_name = 'Muñoz Škoda' and metadata = '{"Favourite Colour":"blue"}')::int as mapped
    from public.leads where first_name like ${marker + '-%'}`;
  expect(row).toEqual({ n: 1200, mapped: 1200 });

  await page.goto(`/leads?q=${marker}-1200`);
  await expect(page.getByTestId('leads-table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('leads-table')).toContainText('CA');
});

test('add a lead by hand, then see the duplicate refused', async ({ page }) => {
  const first = `Hand${uid()}`;
  const number = phone();
  await page.goto('/leads/new');
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Phone').fill(number);
  await page.getByLabel('State (code or name)').fill('texas');
  await page.getByRole('button', { name: 'Add lead' }).click();
  await expect(page.getByTestId('add-lead-result')).toContainText('Lead created');
  const [lead] = await sql`select state, source_id = (select id from public.sources where name = 'dashboard') as by_dashboard from public.leads where first_name = ${first}`;
  expect(lead).toEqual({ state: 'TX', by_dashboard: true });

  // The form clears after each lead, ready for the next one.
  await expect(page.getByLabel('First name')).toHaveValue('');
  await page.getByLabel('First name').fill(`${first}-again`);
  await page.getByLabel('Phone').fill(number);
  await page.getByRole('button', { name: 'Add lead' }).click();
  await expect(page.getByTestId('add-lead-result')).toContainText('duplicate of an existing lead (phone_window)');
});

test('repair and replay a rejected intake from the Intake page', async ({ page, request }) => {
  const marker = `broken${uid()}`;
  const response = await request.post('/api/ingest', {
    data: Buffer.from(`{"first_name": "${marker}", "phone": `),
    headers: { 'X-Webhook-Secret': process.env.WEBHOOK_SECRET!, 'Content-Type': 'application/json' },
  });
  expect(response.status()).toBe(400);

  await page.goto('/intake?outcome=rejected');
  await page.getByRole('search').getByLabel('Search').fill(marker);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('intake-table').locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('intake-table').getByRole('link').first().click();
  await expect(page.getByTestId('raw-body')).toContainText(marker);
  await expect(page.getByTestId('intake-error')).toHaveText('body is not valid JSON');

  await page.getByLabel('Corrected payload (JSON object)').fill(`{"first_name": "${marker}", "phone": "${phone()}"}`);
  await page.getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByRole('heading', { name: 'Intake request' })).toBeVisible();
  await expect(page.getByText('original request')).toBeVisible();
  await page.getByText('original request').click();
  // Repaired once: the form is gone, so nobody makes a second lead of it.
  await expect(page.getByTestId('raw-body')).toContainText(marker);
  await expect(page.getByTestId('replay-form')).toHaveCount(0);
  const [lead] = await sql`
    select i.replay_of is not null as linked, i.outcome from public.leads l join public.lead_intake i on i.id = l.intake_id
    where l.first_name = ${marker}`;
  expect(lead).toEqual({ linked: true, outcome: 'created' });
});

test('create a source on the Settings page and see its secret once', async ({ page }) => {
  const name = `ui-${uid()}`;
  await page.goto('/settings');
  await page.getByLabel('New source').fill(name);
  await page.getByRole('button', { name: 'Create source' }).click();
  await expect(page.getByTestId('source-secret')).toContainText(`Secret for “${name}”`);
  const secret = (await page.getByTestId('source-secret').locator('code').textContent())!;
  await expect(page.getByTestId('sources-table')).toContainText(name);

  await page.getByRole('button', { name: `Rotate secret of ${name}` }).click();
  await expect(page.getByTestId('sources-table').getByRole('row', { name: new RegExp(name) })).toContainText('rotating');
  const rotated = page.getByTestId('source-secret').first();
  await expect(rotated).not.toContainText(secret);

  await page.reload();
  await expect(page.getByTestId('source-secret')).toHaveCount(0);
});
