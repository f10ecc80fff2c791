import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import Papa from 'papaparse';
import { sql } from '../support/database';

const uid = () => randomUUID().slice(0, 8);

/** Fresh stock in a state no demo lead uses, so counts are exact. */
async function stock(state: string, count: number) {
  await sql`
    insert into public.leads (first_name, state, created_at)
    select 'Stock ' || i, ${state}, now() - interval '30 days' + i * interval '1 minute' from generate_series(1, ${count}) i`;
}

async function clearState(state: string) {
  await sql`update public.leads set state = null where state = ${state} and status = 'new'`;
}

const create = (request: APIRequestContext, data: object) => request.post('/api/orders', { data });

test('orders API: create with caps, fulfill twice, export, return, delete', async ({ request }) => {
  await clearState('MT');
  await clearState('ND');
  await stock('MT', 6);
  await stock('ND', 2);
  const customer = `Buyer ${uid()}`;
  const created = await create(request, { customer_name: customer, customer_email: `${uid()}@buyer.example`, requested_states: ['MT', 'ND'], state_caps: { MT: 5 } });
  expect(created.status()).toBe(201);
  const order = await created.json();
  expect(order).toMatchObject({ status: 'open', allocated: 7, wanted: 15, shortfall: 8, allocated_by_state: { MT: 5, ND: 2 } });
  expect(order.leads).toHaveLength(7);

  const got = await (await request.get(`/api/orders/${order.id}`)).json();
  expect(got.leads.map((l: { id: string }) => l.id)).toEqual(order.leads.map((l: { id: string }) => l.id));

  const first = await (await request.patch(`/api/orders/${order.id}/fulfill`)).json();
  const second = await (await request.patch(`/api/orders/${order.id}/fulfill`)).json();
  expect(first.status).toBe('fulfilled');
  expect(second).toEqual(first);

  const csv = await request.get(`/api/orders/export/csv?status=fulfilled&order_id=${order.id}`);
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const rows = Papa.parse<Record<string, string>>(await csv.text(), { header: true, skipEmptyLines: true }).data;
  expect(rows).toHaveLength(7);
  expect(rows[0]).toMatchObject({ order_id: order.id, customer_name: customer });
  expect(rows[0]!.fulfilled_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} E[SD]T$/);

  const tooMany = await request.post(`/api/orders/${order.id}/returns`, { data: { lead_ids: order.leads.slice(0, 2).map((l: { id: string }) => l.id), reason: 'bad' } });
  expect(tooMany.status()).toBe(422);
  const returned = await request.post(`/api/orders/${order.id}/returns`, { data: { lead_ids: [order.leads[0].id], reason: 'disconnected' } });
  expect(await returned.json()).toMatchObject({ returned: 1, returned_now: 1, allocated: 6 });
  const noReason = await request.post(`/api/orders/${order.id}/returns`, { data: { lead_ids: [order.leads[1].id] } });
  expect(noReason.status()).toBe(400);

  const deleted = await (await request.delete(`/api/orders/${order.id}`)).json();
  expect(deleted).toMatchObject({ status: 'deleted', allocated: 0 });
  expect((await (await request.delete(`/api/orders/${order.id}`)).json()).status).toBe('deleted');
  const [row] = await sql`select count(*)::int as n from public.leads where state in ('MT', 'ND') and status = 'new'`;
  expect(row!.n).toBe(8);
});

test('orders API: list with filters and pagination totals, caps and stats, clear errors', async ({ request }) => {
  const customer = `Paged ${uid()}`;
  for (let i = 0; i < 3; i += 1) await create(request, { customer_name: customer, requested_states: ['AK'] });
  const page2 = await (await request.get(`/api/orders?customer=${encodeURIComponent(customer)}&per_page=2&page=2`)).json();
  expect(page2).toMatchObject({ page: 2, per_page: 2, total: 3 });
  expect(page2.data).toHaveLength(1);
  expect((await (await request.get(`/api/orders?customer=${encodeURIComponent(customer)}&status=fulfilled`)).json()).total).toBe(0);

  expect(await (await request.put('/api/leads/caps', { data: { AK: 3, HI: null } })).json()).toMatchObject({ AK: 3 });
  expect(await (await request.get('/api/leads/caps')).json()).toMatchObject({ AK: 3 });
  const stats = await (await request.get('/api/leads/stats')).json();
  expect(stats.total).toBeGreaterThan(0);
  expect(stats.by_status.new).toBeGreaterThanOrEqual(0);
  const leads = await (await request.get('/api/leads?status=new&per_page=5')).json();
  expect(leads).toMatchObject({ page: 1, per_page: 5 });
  expect(leads.data.every((l: { status: string }) => l.status === 'new')).toBe(true);

  expect((await create(request, { customer_name: 'X', requested_states: ['ZZ'] })).status()).toBe(422);
  expect((await create(request, { requested_states: ['CA'] })).status()).toBe(400);
  expect((await request.get(`/api/orders/${randomUUID()}`)).status()).toBe(404);
  expect((await request.patch(`/api/orders/${randomUUID()}/fulfill`)).status()).toBe(404);
  expect((await request.get('/api/orders/export/csv?from=yesterday')).status()).toBe(400);
});
