import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FILE } from '@/scripts/lib/paths';
import { createTestDatabase, type TestDatabase } from './support/test-database';

async function counts(db: TestDatabase) {
  const [row] = await db.sql`
    select (select count(*)::int from public.callers) as callers,
           (select count(*)::int from public.leads) as leads,
           (select count(*)::int from public.lead_intake) as intake,
           (select count(*)::int from public.orders) as orders,
           (select count(*)::int from public.business_lines) as business_lines,
           (select count(*)::int from public.lead_events) as events,
           (select count(*)::int from public.order_leads) as order_leads`;
  return row!;
}

describe('demo data (supabase/seed.sql)', () => {
  let db: TestDatabase;
  let seed: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    seed = await readFile(SEED_FILE, 'utf8');
    await db.sql.unsafe(seed).simple();
  });
  afterAll(() => db.drop());

  it('loads callers, a few hundred leads with their intake rows, events and two orders', async () => {
    const loaded = await counts(db);
    expect(loaded).toMatchObject({ callers: 6, leads: 320, intake: 320, orders: 2, business_lines: 4 });
    expect(loaded.events).toBeGreaterThan(320);
  });

  it('spreads leads over the last five days, never in the future', async () => {
    const [row] = await db.sql`
      select min(created_at) >= now() - interval '5 days' as recent, max(created_at) <= now() as past,
             count(distinct state)::int as states from public.leads`;
    expect(row).toMatchObject({ recent: true, past: true });
    expect(row!.states).toBeGreaterThan(10);
  });

  it('keeps order leads consistent with their status', async () => {
    const rows = await db.sql`
      select o.status as order_status, l.status as lead_status, count(*)::int as n
      from public.order_leads ol join public.orders o on o.id = ol.order_id join public.leads l on l.id = ol.lead_id
      group by 1, 2 order by 1`;
    expect(rows).toEqual([
      { order_status: 'fulfilled', lead_status: 'sold', n: 10 },
      { order_status: 'open', lead_status: 'reserved', n: 15 },
    ]);
  });

  it('keeps every assigned lead linked to its current assignment', async () => {
    const [row] = await db.sql`
      select count(*)::int as n from public.leads l
      where l.assigned_caller_id is not null and not exists (
        select from public.lead_assignments a where a.lead_id = l.id and a.caller_id = l.assigned_caller_id and a.ended_at is null)`;
    expect(row!.n).toBe(0);
  });

  it('scores leads as their events add up under the default rules', async () => {
    const [row] = await db.sql`
      select count(*)::int as wrong from public.leads l
      where l.score <> coalesce((select sum(r.points) from public.lead_events e
        join public.scoring_rules r on r.event_type = e.type where e.lead_id = l.id), 0)`;
    expect(row!.wrong).toBe(0);
  });

  it('is idempotent', async () => {
    const before = await counts(db);
    await db.sql.unsafe(seed).simple();
    expect(await counts(db)).toEqual(before);
  });
});
