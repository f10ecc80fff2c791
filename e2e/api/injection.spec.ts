import { expect, test } from '@playwright/test';
import { sql } from '../support/database';

// Classic SQL-injection strings in every free-text filter of the API: each is text to search
// for, nothing more (every query is parameterized; LIKE wildcards are escaped).
const PAYLOADS = [
  "' or '1'='1", "' or 1=1 --", '" or ""="', "'; drop table public.leads; --", "1; select pg_sleep(5)",
  "' union select null, current_user --", "admin'--", "%' and 1=(select count(*) from pg_catalog.pg_user) --",
  '\\', "\\'", '%', '_', '%%', '[a-z]%', "$$ or 1=1 $$", "' || (select string_agg(email, ',') from auth.users) || '",
  "'); insert into public.api_keys default values; --", '${7*7}', "{{7*7}}", "e'\\x41'", '/**/or/**/1=1', 'ʼ or 1=1 --',
];

/**
 * The free-text filters, and how many rows hold the text literally (strpos, no pattern at all):
 * what each filter must find. Other specs may store such strings (the fuzz spec does).
 */
const FILTERS = {
  '/api/leads?q=': async (text: string) => (await sql<{ n: number }[]>`
    select count(*)::int as n from public.leads l
    where strpos(lower(coalesce(l.email, '')), lower(${text})) > 0 or strpos(coalesce(l.phone_e164, ''), ${text}) > 0
       or strpos(lower(coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')), lower(${text})) > 0`)[0]!.n,
  '/api/orders?customer=': async (text: string) => (await sql<{ n: number }[]>`
    select count(*)::int as n from public.orders where strpos(lower(customer_name), lower(${text})) > 0`)[0]!.n,
};

test('SQL-injection strings in every text filter return normal, empty results and change nothing', async ({ request }) => {
  const [before] = await sql`select (select count(*)::int from public.leads) as leads, (select count(*)::int from public.api_keys) as keys`;
  for (const [filter, literally] of Object.entries(FILTERS)) {
    for (const payload of PAYLOADS) {
      const started = Date.now();
      const response = await request.get(filter + encodeURIComponent(payload));
      expect(response.status(), `${filter}${payload}`).toBe(200);
      const body = (await response.json()) as { data: unknown[]; total: number };
      expect(body.total, `${filter}${payload}`).toBe(await literally(payload.trim()));
      expect(Date.now() - started, `${filter}${payload} ran a sleep`).toBeLessThan(4000);
    }
  }
  const [after] = await sql`select (select count(*)::int from public.leads) as leads, (select count(*)::int from public.api_keys) as keys`;
  expect(after).toEqual(before);
});

test('a LIKE wildcard in a filter matches itself, not everything', async ({ request }) => {
  const [total] = await sql`select count(*)::int as n from public.leads`;
  expect(total!.n).toBeGreaterThan(0);
  for (const wildcard of ['%', '_', '%_%']) {
    const body = (await (await request.get(`/api/leads?q=${encodeURIComponent(wildcard)}`)).json()) as { total: number };
    expect(body.total, wildcard).toBe(await FILTERS['/api/leads?q='](wildcard));
    expect(body.total, wildcard).toBeLessThan(total!.n);
  }
});
