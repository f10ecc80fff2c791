import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// A second production server whose DATABASE_URL points at a database that is not there.
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const root = path.resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port)], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', NODE_ENV: 'production' },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i += 1) {
    try {
      await fetch(`${url}/favicon.ico`);
      return { url, child };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill();
  throw new Error('next start did not come up');
}

test.describe('GET /api/health without a database', () => {
  test('answers 503 db down at once when nothing listens', async () => {
    const { url, child } = await startServer(`postgres://x:y@127.0.0.1:${await freePort()}/none`);
    try {
      const started = Date.now();
      const response = await fetch(`${url}/api/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ ok: false, timestamp: expect.any(String), db: 'down' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      child.kill();
    }
  });

  test('answers 503 within ~2 s when the database hangs', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const { url, child } = await startServer(`postgres://x:y@127.0.0.1:${port}/none`);
    try {
      const started = Date.now();
      const response = await fetch(`${url}/api/health`);
      const elapsed = Date.now() - started;
      expect(response.status).toBe(503);
      expect((await response.json()).db).toBe('down');
      expect(elapsed).toBeLessThan(2500);
    } finally {
      child.kill();
      silent.close();
    }
  });
});
