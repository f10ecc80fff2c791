import { expect, test } from '@playwright/test';
import { startSecondServer } from '../support/second-server';

// `next start` run directly, without a Supabase project and without the local runner (which
// listens on loopback only): it must not open the dashboard as the local admin to whoever
// reaches it with `Host: localhost`.
test('a bare server without a Supabase project serves webhooks and health only', async () => {
  const server = await startSecondServer(process.env.E2E_DATABASE_URL!);
  try {
    for (const path of ['/', '/leads', '/api/leads', '/api/callers', '/members']) {
      const response = await fetch(`${server.url}${path}`, { headers: { host: 'localhost' }, redirect: 'manual' });
      expect(response.status, path).toBe(403);
      expect(await response.json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining('npm start') });
    }
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/ingest`, { method: 'POST', body: '{}' })).status).toBe(401);
  } finally {
    server.stop();
  }
});
