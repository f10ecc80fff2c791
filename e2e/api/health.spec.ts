import { expect, test } from '@playwright/test';

test.describe('GET /api/health', () => {
  test('reports the database up', async ({ request }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ ok: true, timestamp: expect.any(String), db: 'up' });
    expect(Number.isNaN(Date.parse(body.timestamp))).toBe(false);
    expect(response.headers()['cache-control']).toBe('no-store');
  });

  test('gives every response a request id and echoes the one sent', async ({ request }) => {
    const fresh = await request.get('/api/health');
    expect(fresh.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await request.get('/api/health', { headers: { 'X-Request-Id': 'make-scenario-17' } });
    expect(echoed.headers()['x-request-id']).toBe('make-scenario-17');
  });
});
