import net from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/scripts/lib/embedded-postgres';
import { createTestDatabase, type TestDatabase } from '@/tests/support/test-database';
import { pingDatabase } from './ping';

describe('pingDatabase', () => {
  let db: TestDatabase;
  let silent: net.Server;
  let silentPort: number;
  beforeAll(async () => {
    db = await createTestDatabase();
    // Accepts connections and never says a word: the case that makes naive health checks hang.
    silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await db.drop();
    silent.close();
  });

  it('is up against a live database', async () => {
    expect(await pingDatabase(() => db.sql, 1500)).toBe(true);
  });

  it('asks once for checks made at the same time', async () => {
    let asked = 0;
    const client = () => {
      asked += 1;
      return db.sql;
    };
    expect(await Promise.all(Array.from({ length: 50 }, () => pingDatabase(client, 1500)))).toEqual(Array(50).fill(true));
    expect(asked).toBe(1);
    expect(await pingDatabase(client, 1500)).toBe(true);
    expect(asked).toBe(2);
  });

  it('is down at once when nothing listens', async () => {
    const sql = postgres(`postgres://x:y@127.0.0.1:${await freePort()}/none`, { connect_timeout: 5 });
    const started = performance.now();
    expect(await pingDatabase(() => sql, 1500)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1500);
    await sql.end({ timeout: 0 });
  });

  it('is down within the timeout when the server never answers', async () => {
    const sql = postgres(`postgres://x:y@127.0.0.1:${silentPort}/none`, { connect_timeout: 30 });
    const started = performance.now();
    expect(await pingDatabase(() => sql, 300)).toBe(false);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1000);
    await sql.end({ timeout: 0 });
  });

  it('is down when the client cannot even be created', async () => {
    expect(await pingDatabase(() => { throw new Error('DATABASE_URL is not set'); }, 300)).toBe(false);
  });
});
