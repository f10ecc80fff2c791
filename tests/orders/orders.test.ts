import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ max: 30 });
});
afterAll(() => db.drop());
beforeEach(async () => {
  await db.sql`truncate public.order_leads, public.orders, public.state_caps, public.lead_assignments, public.leads cascade`;
});

/** Stock leads of a state, the first one oldest; returns their ids in age order. */
async function stock(state: string, count: number, hoursAgo = 100): Promise<string[]> {
  const rows = await db.sql<{ id: string }[]>`
    insert into public.leads (state, first_name, created_at)
    select ${state}, ${state} || '-' || i, now() - make_interval(hours => ${hoursAgo}) + i * interval '1 minute'
    from generate_series(1, ${count}) i
    returning id`;
  return rows.map((r) => r.id);
}

async function createOrder(states: string[], options: { quantity?: number; caps?: Record<string, number>; email?: string; name?: string } = {}) {
  const [row] = await db.sql`
    select public.create_order(${options.name ?? 'Buyer'}, ${options.email ?? 'buyer@example.com'}, ${states},
      ${options.quantity ?? null}, ${db.sql.json(options.caps ?? {})}) as o`;
  return row!.o;
}
const call = async (fn: string, ...args: unknown[]) => {
  const [row] = await db.sql.unsafe(`select public.${fn}(${args.map((_, i) => `$${i + 1}`).join(', ')}) as r`, args as never[]);
  return row!.r;
};

describe('create_order allocation', () => {
  it('takes the oldest stock of the requested states only, up to each cap', async () => {
    const ca = await stock('CA', 8);
    const ny = await stock('NY', 3, 200);
    await stock('TX', 5, 300);
    const order = await createOrder(['ca', 'NY'], { caps: { CA: 5 } });
    expect(order).toMatchObject({ status: 'open', requested_states: ['CA', 'NY'], state_caps: { CA: 5, NY: 10 }, allocated: 8, wanted: 15, shortfall: 7, allocated_by_state: { CA: 5, NY: 3 } });
    expect(order.leads.map((l: { id: string }) => l.id).sort()).toEqual([...ca.slice(0, 5), ...ny].sort());
    const [row] = await db.sql`select count(*)::int as n from public.leads where status = 'reserved'`;
    expect(row!.n).toBe(8);
  });

  it('stops at the quantity, oldest across states first', async () => {
    const ca = await stock('CA', 5, 100);
    const ny = await stock('NY', 5, 200);
    const order = await createOrder(['CA', 'NY'], { quantity: 7 });
    expect(order.leads.map((l: { id: string }) => l.id)).toEqual([...ny, ...ca.slice(0, 2)]);
  });

  it('uses global state caps, then the default of 10', async () => {
    await stock('CA', 15);
    await stock('TX', 15);
    await db.sql`select public.set_state_caps(${db.sql.json({ CA: 4 })})`;
    const order = await createOrder(['CA', 'TX']);
    expect(order).toMatchObject({ state_caps: { CA: 4, TX: 10 }, allocated_by_state: { CA: 4, TX: 10 }, wanted: 14, shortfall: 0 });
  });

  it('refuses unknown states and caps for states not requested', async () => {
    await expect(createOrder(['CA', 'XX'])).rejects.toMatchObject({ code: 'PT422', message: 'unknown state code(s): XX' });
    await expect(createOrder(['CA'], { caps: { NY: 3 } })).rejects.toMatchObject({ code: 'PT422' });
    await expect(createOrder([])).rejects.toMatchObject({ code: 'PT422' });
  });
});

describe('fulfill_order', () => {
  it('tops up a partly allocated order, marks it fulfilled and its leads sold', async () => {
    await stock('FL', 2);
    const order = await createOrder(['FL'], { quantity: 4 });
    expect(order).toMatchObject({ allocated: 2, shortfall: 2 });
    await stock('FL', 3, 10);
    const done = await call('fulfill_order', order.id);
    expect(done).toMatchObject({ status: 'fulfilled', allocated: 4, shortfall: 0 });
    expect(done.leads.every((l: { status: string }) => l.status === 'sold')).toBe(true);
  });

  it('is idempotent, sequentially and under 10 concurrent calls', async () => {
    await stock('CA', 3);
    const order = await createOrder(['CA']);
    const results = await Promise.all(Array.from({ length: 10 }, () => call('fulfill_order', order.id)));
    const again = await call('fulfill_order', order.id);
    for (const result of [...results, again]) expect(result).toEqual(results[0]);
    const [row] = await db.sql`select count(*)::int as sold from public.leads where status = 'sold'`;
    expect(row!.sold).toBe(3);
  });

  it('refuses a deleted order', async () => {
    const order = await createOrder(['CA']);
    await call('delete_order', order.id);
    await expect(call('fulfill_order', order.id)).rejects.toMatchObject({ code: 'PT409', message: `order ${order.id} was deleted` });
  });
});

describe('delete_order', () => {
  it('puts every lead back in stock, keeps the order as deleted, and a second call changes nothing', async () => {
    const ids = await stock('NY', 4);
    const order = await createOrder(['NY']);
    await call('fulfill_order', order.id);
    const deleted = await call('delete_order', order.id);
    expect(deleted).toMatchObject({ status: 'deleted', allocated: 0 });
    const leads = await db.sql`select status from public.leads where id in ${db.sql(ids)}`;
    expect(leads.every((l) => l.status === 'new')).toBe(true);
    const [first] = await db.sql`select deleted_at from public.orders where id = ${order.id}`;
    await call('delete_order', order.id);
    const [second] = await db.sql`select deleted_at from public.orders where id = ${order.id}`;
    expect(second!.deleted_at).toEqual(first!.deleted_at);
  });
});

describe('return_leads', () => {
  async function soldOrder(count: number, email = 'buyer@example.com') {
    await stock('TX', count);
    const order = await createOrder(['TX'], { caps: { TX: count }, email });
    return call('fulfill_order', order.id);
  }

  it('takes leads back to stock within the rate, with a reason', async () => {
    const order = await soldOrder(10);
    const two = order.leads.slice(0, 2).map((l: { id: string }) => l.id);
    const result = await call('return_leads', order.id, two, 'wrong numbers');
    expect(result).toMatchObject({ returned: 2, returned_now: 2, allocated: 8 });
    const rows = await db.sql`select l.status, ol.release_reason from public.order_leads ol join public.leads l on l.id = ol.lead_id where ol.lead_id in ${db.sql(two)}`;
    expect(rows).toEqual([{ status: 'new', release_reason: 'wrong numbers' }, { status: 'new', release_reason: 'wrong numbers' }]);
    // The same id twice is one lead.
    await expect(call('return_leads', order.id, [order.leads[2].id, order.leads[2].id], 'one more')).rejects.toMatchObject({
      code: 'PT422', message: 'returning 1 more of 10 leads would exceed the 20 % return limit (2 already returned)',
    });
  });

  it('refuses after the window, before fulfillment, without a reason, and for leads not in the order', async () => {
    const order = await soldOrder(10);
    await expect(call('return_leads', order.id, [order.leads[0].id], ' ')).rejects.toMatchObject({ code: 'PT422', message: 'a return needs a reason' });
    const stranger = (await stock('CA', 1))[0];
    await expect(call('return_leads', order.id, [stranger], 'x')).rejects.toMatchObject({ code: 'PT422', message: `not sold in order ${order.id}: ${stranger}` });
    await db.sql`update public.orders set fulfilled_at = now() - interval '7 days 1 minute' where id = ${order.id}`;
    await expect(call('return_leads', order.id, [order.leads[0].id], 'late')).rejects.toMatchObject({
      code: 'PT409', message: `the return window of 7 days for order ${order.id} has closed`,
    });
    const open = await createOrder(['CA']);
    await expect(call('return_leads', open.id, null, 'x')).rejects.toMatchObject({ code: 'PT409' });
  });

  it('never offers a returned lead to the same customer again', async () => {
    const order = await soldOrder(5, 'Acme@Example.com');
    const returned = order.leads[0].id;
    await call('return_leads', order.id, [returned], 'duplicate of our own');
    const same = await createOrder(['TX'], { email: 'acme@example.com' });
    expect(same.leads.map((l: { id: string }) => l.id)).not.toContain(returned);
    const other = await createOrder(['TX'], { email: 'other@example.com' });
    expect(other.leads.map((l: { id: string }) => l.id)).toContain(returned);
  });
});

describe('20 orders at once competing for 500 leads', () => {
  it('never shares a lead, holds every cap and accounts for every lead', async () => {
    const states = ['CA', 'TX', 'NY', 'FL', 'IL'];
    for (const state of states) await stock(state, 100);
    const orders = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      createOrder(states, { caps: Object.fromEntries(states.map((s) => [s, 5 + (i % 4) * 5])), email: `buyer${i}@example.com` })));

    const [shared] = await db.sql`select count(*)::int as n from (select lead_id from public.order_leads where released_at is null group by lead_id having count(*) > 1) x`;
    expect(shared!.n).toBe(0);
    for (const order of orders) {
      for (const [state, n] of Object.entries(order.allocated_by_state as Record<string, number>)) {
        expect(n).toBeLessThanOrEqual(order.state_caps[state]);
      }
    }
    const [totals] = await db.sql`
      select count(*) filter (where status = 'reserved')::int as reserved, count(*) filter (where status = 'new')::int as stock,
             (select count(*)::int from public.order_leads where released_at is null) as linked
      from public.leads`;
    const allocated = orders.reduce((sum, o) => sum + o.allocated, 0);
    expect(totals).toEqual({ reserved: allocated, stock: 500 - allocated, linked: allocated });
    // Demand (20 orders x 5 states x 5-20) exceeds supply, so the stock is used up.
    expect(allocated).toBe(500);
  });
});
