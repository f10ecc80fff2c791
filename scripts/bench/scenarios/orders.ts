import type { Sql } from 'postgres';
import { atMost, figure, noneAllowed, type Figure } from '../figures';
import type { Profile } from '../profile';

export const ORDERS = '4. Orders';

const ORDER_STATES = ['AZ', 'CO', 'MA', 'MI', 'MN'];
const CONCURRENT_ORDERS = 20;

/**
 * One order of `orderLeads` leads through create_order (allocation is what it does: the oldest
 * stock first, row by row, skip locked), then fulfill_order on it; then 20 orders at once over
 * as much stock again, wanting twice what there is, and a check that no lead is in two orders.
 * Each create_order may run for `ordersCapS` at most (statement_timeout): an order that hits it
 * allocates nothing, and the figure says how many did.
 */
export async function orders({ sql, profile }: { sql: Sql; profile: Profile }): Promise<Figure[]> {
  const size = profile.orderLeads;
  // Stock made in SQL (not measured): twice the order, spread over five states, oldest first.
  await sql`
    insert into public.leads (first_name, last_name, state, created_at)
    select 'Stock ' || i, 'Lead', (${ORDER_STATES}::text[])[1 + i % ${ORDER_STATES.length}], now() - interval '1 day' + i * interval '1 ms'
    from generate_series(1, ${2 * size}) i`;
  await sql`analyze public.leads`;
  const createOrder = async (buyer: number, quantity: number): Promise<{ id: string; allocated: number } | null> => {
    const caps = Object.fromEntries(ORDER_STATES.map((state) => [state, quantity]));
    try {
      const [order] = await sql.begin(async (tx) => {
        await tx`select set_config('statement_timeout', ${String(profile.ordersCapS * 1000)}, true)`;
        return tx<{ id: string; allocated: number }[]>`
          select o ->> 'id' as id, (o ->> 'allocated')::int as allocated
          from public.create_order(${`Bench buyer ${buyer}`}, ${`buyer${buyer}@bench.example`}, ${ORDER_STATES}, ${quantity}, ${tx.json(caps)}) o`;
      });
      return order ?? null;
    } catch (error) {
      if ((error as { code?: string }).code === '57014') return null;
      throw error;
    }
  };
  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const result = await run();
    return [result, (performance.now() - started) / 1000];
  };

  const [big, allocateS] = await timed(() => createOrder(0, size));
  const [, fulfillS] = await timed(async () => {
    if (big) await sql`select public.fulfill_order(${big.id})`;
  });
  const share = Math.ceil(size / CONCURRENT_ORDERS) * 2;
  const [concurrent, concurrentS] = await timed(() =>
    Promise.all(Array.from({ length: CONCURRENT_ORDERS }, (_, i) => createOrder(i + 1, share))));
  const [check] = await sql<{ in_two: number }[]>`
    select count(*)::int as in_two from (
      select lead_id from public.order_leads where released_at is null group by lead_id having count(*) > 1) x`;
  const allocated = concurrent.reduce((sum, order) => sum + (order?.allocated ?? 0), 0);
  const timedOut = concurrent.filter((order) => order === null).length;
  const limit = ` (stopped at the ${profile.ordersCapS} s limit)`;
  return [
    figure({
      scenario: ORDERS,
      name: `one order of ${size.toLocaleString('en-US')} leads: create_order (allocation)${big ? '' : limit}`,
      value: big ? allocateS : null,
      unit: 's',
      target: atMost(size / 10_000),
      detail: big ? `${big.allocated} allocated; the answer carries every lead, as POST /api/orders returns it` : undefined,
    }),
    figure({ scenario: ORDERS, name: 'the same order: fulfill_order', value: big ? fulfillS : null, unit: 's' }),
    figure({
      scenario: ORDERS,
      name: `${CONCURRENT_ORDERS} orders at once over ${size.toLocaleString('en-US')} leads of stock, wanting ${(share * CONCURRENT_ORDERS).toLocaleString('en-US')}` +
        (timedOut ? limit : ''),
      value: timedOut ? null : concurrentS,
      unit: 's',
      detail: `${allocated} allocated (${concurrent.filter((order) => order && order.allocated > 0).length} orders got leads` +
        `${timedOut ? `, ${timedOut} stopped at the ${profile.ordersCapS} s limit` : ''})`,
    }),
    figure({ scenario: ORDERS, name: 'leads in two orders', value: check?.in_two ?? null, unit: 'rows', target: noneAllowed }),
  ];
}
