import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('local_day_start', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it.each([
    // An ordinary winter day: midnight EST is 05:00Z.
    ['2026-01-15T17:00:00Z', '2026-01-15T05:00:00.000Z'],
    // Spring forward (2026-03-08): the day began in EST even though it is EDT by noon.
    ['2026-03-08T16:00:00Z', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09T03:59:00Z', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09T04:00:00Z', '2026-03-09T04:00:00.000Z'],
    // Fall back (2026-11-01): the day began in EDT, a 25-hour day.
    ['2026-11-01T16:00:00Z', '2026-11-01T04:00:00.000Z'],
    ['2026-11-02T04:59:00Z', '2026-11-01T04:00:00.000Z'],
    ['2026-11-02T05:00:00Z', '2026-11-02T05:00:00.000Z'],
  ])('the New York day containing %s starts at %s', async (at, start) => {
    const [row] = await db.sql`select private.local_day_start(${at}::timestamptz, 'America/New_York') as start`;
    expect((row!.start as Date).toISOString()).toBe(start);
  });
});

describe('overview_stats', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    // One lead just after New York midnight today, one just before it (yesterday there).
    await db.sql`
      insert into public.leads (first_name, created_at, status) values
        ('Today', private.local_day_start(now(), 'America/New_York') + interval '1 minute', 'new'),
        ('Yesterday', private.local_day_start(now(), 'America/New_York') - interval '1 minute', 'sold')`;
    await db.sql`insert into public.orders (customer_name, requested_states) values ('Buyer', '{CA}')`;
  });
  afterAll(() => db.drop());

  it('counts today by the New York calendar day', async () => {
    const [row] = await withViewer(db.sql, LOCAL_ADMIN, (tx) => tx`select public.overview_stats() as stats`);
    expect(row!.stats).toMatchObject({
      leads_total: 2,
      leads_today: 1,
      leads_by_status: { new: 1, sold: 1 },
      orders_open: 1,
      orders_fulfilled: 0,
      callers_active: 0,
    });
  });

  it('answers with zeros, not nulls, on an empty database', async () => {
    const empty = await createTestDatabase();
    try {
      const [row] = await withViewer(empty.sql, LOCAL_ADMIN, (tx) => tx`select public.overview_stats() as stats`);
      expect(row!.stats).toEqual({
        leads_total: 0, leads_today: 0, leads_by_status: {}, intake_24h_by_outcome: {},
        callers_active: 0, assigned_today: 0, orders_open: 0, orders_fulfilled: 0,
      });
    } finally {
      await empty.drop();
    }
  });
});
