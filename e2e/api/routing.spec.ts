import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { withOnlyNewCallers } from '../support/callers';

const uid = () => randomUUID().slice(0, 8);
const ingest = (request: import('@playwright/test').APIRequestContext, data: object) =>
  request.post('/api/ingest', { data, headers: { 'X-Webhook-Secret': process.env.WEBHOOK_SECRET! } });

test('callers API: create, validate, change', async ({ request }) => {
  const created = await request.post('/api/callers', { data: { name: `Rita ${uid()}`, assigned_states: ['VT'], daily_lead_limit: 3, languages: ['en'] } });
  expect(created.status()).toBe(201);
  const caller = await created.json();
  expect(caller).toMatchObject({ assigned_states: ['VT'], daily_lead_limit: 3, active: true });

  const bad = await request.post('/api/callers', { data: { name: 'X', assigned_states: ['ZZ'] } });
  expect(bad.status()).toBe(422);
  expect(await bad.json()).toEqual({ ok: false, error: 'unprocessable', message: 'unknown state code(s): ZZ' });
  const shape = await request.post('/api/callers', { data: { name: 'X', assigned_states: ['vermont'], daily_lead_limit: -1 } });
  expect(shape.status()).toBe(400);
  expect((await shape.json()).details.map((d: { path: string }) => d.path).sort()).toEqual(['assigned_states.0', 'daily_lead_limit']);

  const changed = await (await request.patch(`/api/callers/${caller.id}`, { data: { daily_lead_limit: 5, active: false } })).json();
  expect(changed).toMatchObject({ daily_lead_limit: 5, active: false, assigned_states: ['VT'] });
  expect((await request.patch(`/api/callers/${randomUUID()}`, { data: { active: true } })).status()).toBe(404);
});

test('routing API: ingest routes, manual reassign, status, back to stock, sweep', async ({ request }) => {
  await withOnlyNewCallers(request, async () => {
    const a = await (await request.post('/api/callers', { data: { name: `A ${uid()}`, assigned_states: ['WV'], daily_lead_limit: 1 } })).json();
    const b = await (await request.post('/api/callers', { data: { name: `B ${uid()}`, daily_lead_limit: 0 } })).json();

    const first = await (await ingest(request, { first_name: 'Route1', state: 'West Virginia' })).json();
    expect(first).toMatchObject({ status: 'assigned', assigned_to: { id: a.id, name: a.name } });
    const second = await (await ingest(request, { first_name: 'Route2', state: 'WV' })).json();
    expect(second).toMatchObject({ status: 'new', assigned_to: null });

    const manual = await request.post(`/api/leads/${second.lead_id}/assign`, { data: { caller_id: b.id } });
    expect(await manual.json()).toMatchObject({ assigned: true, caller_id: b.id, reason: 'manual' });
    const status = await request.patch(`/api/leads/${second.lead_id}/status`, { data: { status: 'contacted', note: 'called' } });
    expect(await status.json()).toEqual({ lead_id: second.lead_id, from: 'assigned', status: 'contacted' });
    const skip = await request.patch(`/api/leads/${second.lead_id}/status`, { data: { status: 'contacted' } });
    expect(skip.status()).toBe(409);

    expect((await (await request.delete(`/api/leads/${second.lead_id}/assign`)).json())).toEqual({ assigned: false, status: 'new' });
    const rules = await (await request.post(`/api/leads/${second.lead_id}/assign`)).json();
    expect(rules).toMatchObject({ assigned: false, reason: 'stock' });

    await request.patch(`/api/callers/${a.id}`, { data: { daily_lead_limit: 2 } });
    let after: string | null = null;
    let assigned = 0;
    do {
      const sweep = await (await request.post('/api/leads/assign-stock', { data: { limit: 500, after } })).json();
      assigned += sweep.assigned;
      after = sweep.next_after;
    } while (after);
    expect(assigned).toBe(1);
    expect((await request.post(`/api/leads/${randomUUID()}/assign`)).status()).toBe(404);
  });
});
