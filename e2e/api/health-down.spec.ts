import net from 'node:net';
import { expect, test } from '@playwright/test';
import { freePort, startSecondServer } from '../support/second-server';

test.describe('GET /api/health without a database', () => {
  test('answers 503 db down at once when nothing listens', async () => {
    const server = await startSecondServer(`postgres://x:y@127.0.0.1:${await freePort()}/none`);
    try {
      const started = Date.now();
      const response = await fetch(`${server.url}/api/health`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toEqual({ ok: false, timestamp: expect.any(String), db: 'down' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      server.stop();
    }
  });

  test('answers 503 within ~2 s when the database hangs', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const server = await startSecondServer(`postgres://x:y@127.0.0.1:${port}/none`);
    try {
      const started = Date.now();
      const response = await fetch(`${server.url}/api/health`);
      const elapsed = Date.now() - started;
      expect(response.status).toBe(503);
      expect((await response.json()).db).toBe('down');
      expect(elapsed).toBeLessThan(2500);
    } finally {
      server.stop();
      silent.close();
    }
  });
});
