import http from 'node:http';
import { expect, test } from '@playwright/test';
import { sql } from '../support/database';

const port = Number(process.env.E2E_PORT ?? 3100);

/** A request with exactly the Host and Origin a DNS-rebinding page would send to 127.0.0.1. */
function raw(method: string, path: string, host: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, method, path,
      headers: { Host: host, Origin: `http://${host}`, 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('DNS rebinding: a page whose name points at 127.0.0.1 gets nothing from the local admin', async () => {
  const evil = `evil.example:${port}`;
  for (const [method, path, body] of [
    ['GET', '/api/sources', undefined],
    ['POST', '/api/sources', JSON.stringify({ name: 'rebound' })],
    ['GET', '/api/leads', undefined],
    ['GET', '/api/orders/export/csv', undefined],
    ['GET', '/', undefined],
  ] as const) {
    const answer = await raw(method, path, evil, body);
    expect({ method, path, status: answer.status }).toEqual({ method, path, status: 403 });
    expect(answer.text).not.toContain('whsec_');
  }
  // The same requests under the loopback name work.
  expect((await raw('GET', '/api/sources', `127.0.0.1:${port}`)).status).toBe(200);
  expect((await raw('GET', '/', `localhost:${port}`)).status).toBe(200);
});

test('hostile input is a 4xx with a JSON error, never a 500', async ({ request }) => {
  for (const origin of ['null', 'not a url', 'http://']) {
    const answer = await request.get('/api/sources', { headers: { Origin: origin } });
    expect({ origin, status: answer.status() }).toEqual({ origin, status: 403 });
  }
  for (const path of ['/api/leads?q=a%00b', '/api/orders?customer=%00']) {
    const answer = await request.get(path);
    expect({ path, status: answer.status() }).toEqual({ path, status: 400 });
    expect(await answer.json()).toMatchObject({ ok: false, error: 'bad_request' });
  }
  const badPath = await request.get('/api/orders/%ff%fe');
  expect(badPath.status()).toBe(400);
  expect(await badPath.json()).toMatchObject({ ok: false, error: 'bad_request' });
  // A page's search box with a NUL falls back to the unfiltered list.
  expect((await request.get('/leads?q=%00')).status()).toBe(200);
});

test('the CSV export refuses dates that are not on the calendar before it streams anything', async ({ request }) => {
  for (const query of ['from=2026-13-45', 'to=9999-99-99', 'from=2026-02-30']) {
    const answer = await request.get(`/api/orders/export/csv?${query}`);
    expect({ query, status: answer.status() }).toEqual({ query, status: 400 });
    expect(await answer.json()).toMatchObject({ ok: false, error: 'bad_request', details: [{ message: 'not a calendar date' }] });
  }
  expect((await request.get('/api/orders/export/csv?from=2024-02-29&to=2026-12-31')).status()).toBe(200);
});

test('a CSV export whose query fails after the header ends in an error, not in a shorter file', async ({ baseURL }) => {
  // The export's query waits behind this lock; its backend is then killed, as a database
  // restart or an administrator would, after the header has gone out.
  const reserved = await sql.reserve();
  try {
    await reserved`begin`;
    await reserved`lock table public.order_leads in access exclusive mode`;
    const response = await fetch(`${baseURL}/api/orders/export/csv`);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^order_id,customer_name,/);
    await expect.poll(async () => (await sql`
      select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and query like '%order_leads%' and pid <> pg_backend_pid()`)[0]!.n).toBe(1);
    await sql`
      select pg_terminate_backend(pid) from pg_stat_activity
      where wait_event_type = 'Lock' and query like '%order_leads%' and pid <> pg_backend_pid()`;
    await reserved`rollback`;
    const rest = (async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    })();
    await expect(rest).rejects.toThrow();
  } finally {
    reserved.release();
  }
});
