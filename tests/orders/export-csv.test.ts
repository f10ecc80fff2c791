import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN } from '@/lib/auth/viewer';
import { EXPORT_COLUMNS, exportOrdersCsv } from '@/lib/orders/export-csv';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function soldLead(fields: Record<string, string>, createdAt: string, fulfilledAt: string, customer = 'Acme, "The" Buyer') {
  const [lead] = await db.sql<{ id: string }[]>`
    insert into public.leads (first_name, last_name, email, state, created_at, status)
    values (${fields.first_name ?? 'A'}, ${fields.last_name ?? 'B'}, ${fields.email ?? null}, 'CA', ${createdAt}, 'sold') returning id`;
  const [order] = await db.sql<{ id: string }[]>`
    insert into public.orders (customer_name, requested_states, status, fulfilled_at) values (${customer}, '{CA}', 'fulfilled', ${fulfilledAt}) returning id`;
  await db.sql`insert into public.order_leads (order_id, lead_id) values (${order!.id}, ${lead!.id})`;
  return { lead: lead!.id, order: order!.id };
}

/** A fulfilled order of `count` sold leads in Texas. */
async function bulkOrder(customer: string, count: number): Promise<string> {
  const [order] = await db.sql<{ id: string }[]>`
    insert into public.orders (customer_name, requested_states, status, fulfilled_at) values (${customer}, '{TX}', 'fulfilled', now()) returning id`;
  await db.sql`
    with l as (insert into public.leads (first_name, state, status) select ${customer} || ' ' || i, 'TX', 'sold' from generate_series(1, ${count}) i returning id)
    insert into public.order_leads (order_id, lead_id) select ${order!.id}, id from l`;
  return order!.id;
}

async function exported(query: Record<string, string> = {}) {
  const text = await new Response(exportOrdersCsv(db.sql, LOCAL_ADMIN, { status: 'fulfilled', ...query })).text();
  return { text, rows: Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data };
}

describe('orders CSV export', () => {
  it('quotes awkward values so they read back exactly, and keeps formulas as text', async () => {
    const awkward = { first_name: 'Ann, "Annie"', last_name: 'Line\nbreak', email: '=hyperlink("http://x")' };
    const { lead } = await soldLead(awkward, '2026-01-10T15:00:00Z', '2026-01-11T15:00:00Z');
    const { text, rows } = await exported();
    expect(text.split('\r\n')[0]).toBe(EXPORT_COLUMNS.join(','));
    const row = rows.find((r) => r.lead_id === lead)!;
    expect(row).toMatchObject({ first_name: 'Ann, "Annie"', last_name: 'Line\nbreak', customer_name: 'Acme, "The" Buyer', email: `'=hyperlink("http://x")` });
  });

  it('shows times in New York, on both sides of a DST change', async () => {
    const { lead } = await soldLead({ first_name: 'Dst' }, '2026-03-08T06:30:00Z', '2026-03-08T07:30:00Z');
    const row = (await exported()).rows.find((r) => r.lead_id === lead)!;
    expect(row.created_at).toBe('2026-03-08 01:30:00 EST');
    expect(row.fulfilled_at).toBe('2026-03-08 03:30:00 EDT');
  });

  it('filters by New York calendar days, inclusive', async () => {
    // 2026-11-01 is 25 hours long in New York: 04:00Z to 05:00Z the next day.
    const early = await soldLead({ first_name: 'Early' }, '2026-10-30T12:00:00Z', '2026-11-01T04:30:00Z');
    const late = await soldLead({ first_name: 'Late' }, '2026-10-30T12:00:00Z', '2026-11-02T04:30:00Z');
    const before = await soldLead({ first_name: 'Before' }, '2026-10-30T12:00:00Z', '2026-11-01T03:59:00Z');
    const next = await soldLead({ first_name: 'Next' }, '2026-10-30T12:00:00Z', '2026-11-02T05:00:00Z');
    const ids = (await exported({ from: '2026-11-01', to: '2026-11-01' })).rows.map((r) => r.lead_id);
    expect(ids).toContain(early.lead);
    expect(ids).toContain(late.lead);
    expect(ids).not.toContain(before.lead);
    expect(ids).not.toContain(next.lead);
    expect((await exported({ order_id: next.order })).rows.map((r) => r.lead_id)).toEqual([next.lead]);
  });

  it('streams large exports whole', async () => {
    const order = await bulkOrder('Bulk', 1234);
    expect((await exported({ order_id: order })).rows).toHaveLength(1234);
  });

  it('reads the cursor only as fast as the client reads, and ends the transaction when the client goes away', async () => {
    const order = await bulkOrder('Slow', 5000);
    const exporting = () => db.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where query like '%join public.order_leads ol%' and pid <> pg_backend_pid()`;
    const reader = exportOrdersCsv(db.sql, LOCAL_ADMIN, { status: 'fulfilled', order_id: order }).getReader();
    await reader.read(); // the header
    await reader.read(); // the first 500 rows
    // Ten chunks in all: a stream that ran ahead would have read the rest by now and committed.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await exporting())[0]!.n).toBe(1);
    await reader.cancel();
    await expect.poll(async () => (await exporting())[0]!.n).toBe(0);
  });

  it('drops a client that stops reading, and ends its transaction', async () => {
    const order = await bulkOrder('Stalled', 5000);
    const errors: unknown[] = [];
    const reader = exportOrdersCsv(db.sql, LOCAL_ADMIN, { status: 'fulfilled', order_id: order }, { stallMs: 300, onError: (error) => errors.push(error) }).getReader();
    await reader.read(); // the header, then nothing more for a while
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await expect((async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    })()).rejects.toThrow(/read nothing for 0.3 s/);
    expect(errors).toHaveLength(1);
    expect((await db.sql`
      select count(*)::int as n from pg_stat_activity where query like '%join public.order_leads ol%' and pid <> pg_backend_pid()`)[0]!.n).toBe(0);
  });
});
