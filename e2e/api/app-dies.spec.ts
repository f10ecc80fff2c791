import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { sql } from '../support/database';
import { freePort, startSecondServer } from '../support/second-server';
import { faultRow, landing, steadyIngest } from '../support/steady-load';

// The app process killed (SIGKILL) under a steady load and started again on the same port:
// every lead acknowledged (2xx/409) is stored exactly once, the app serves 201s again once it
// is back, and a retry of every request that got no answer, with its Idempotency-Key, lands
// exactly once, whether or not the killed server had stored it.
const SECRET = process.env.WEBHOOK_SECRET!;

/** The process and everything below it (next start may run its server in a child). */
function tree(pid: number): number[] {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  return [pid, ...children.flatMap(tree)];
}

test('the app killed under load: no acknowledged lead lost or doubled, 201 again after a restart, retries land once', async () => {
  test.setTimeout(90_000);
  const port = await freePort();
  let app = await startSecondServer(process.env.E2E_DATABASE_URL!, {}, undefined, port);
  const { sent, retry, load, elapsed } = steadyIngest(() => app.url, SECRET);
  try {
    await load(2_000);
    const killedAt = elapsed();
    const loadWhileDown = load(3_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // requests in flight when it dies
    for (const pid of tree(app.pid)) spawnSync('kill', ['-9', String(pid)]);
    await loadWhileDown;
    const restartAt = elapsed();
    app = await startSecondServer(process.env.E2E_DATABASE_URL!, {}, undefined, port);
    const upAt = elapsed();
    await load(3_000);

    const before = sent.filter((r) => r.at < killedAt);
    const down = sent.filter((r) => r.at > killedAt + 600 && r.at < restartAt);
    const after = sent.filter((r) => r.at > upAt + 500);
    expect(before.every((r) => r.status === 201), 'all 201 before the kill').toBe(true);
    expect(down.length).toBeGreaterThan(20);
    expect(down.filter((r) => r.status !== 0), 'nothing answers while the app is down').toEqual([]);
    expect(down.filter((r) => r.ms > 2_000), 'a dead app is seen at once, not after a hang').toEqual([]);
    expect(after.length).toBeGreaterThan(30);
    expect(after.filter((r) => r.status !== 201), '201s again once the app is back').toEqual([]);
    expect(sent.filter((r) => r.status >= 500), 'no 5xx').toEqual([]);

    const acknowledged = sent.filter((r) => r.status === 201 || r.status === 409).map((r) => r.key);
    const landed = await landing(sql, acknowledged);
    expect([landed.lost, landed.doubled]).toEqual([[], []]);
    const unanswered = sent.filter((r) => r.status === 0).map((r) => r.key);
    const retried = await retry(unanswered);
    expect(retried.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    const retriedLanded = await landing(sql, unanswered);
    expect([retriedLanded.lost, retriedLanded.doubled]).toEqual([[], []]);
    console.log(faultRow('Next.js SIGKILLed under 20 ingests/s, restarted', sent, landed));
    console.log(`[fault] ... ${unanswered.length} unanswered, retried with their keys: ${retriedLanded.found} landed once (${retried.filter((r) => r.status === 409).length} had been stored before the kill)`);
  } finally {
    app.stop();
  }
});
