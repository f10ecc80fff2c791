import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from '../../scripts/lib/embedded-postgres';
import { generateApiKeyForTest } from '../support/api-keys';
import { sql } from '../support/database';
import { busiestCaller } from '../support/viewers';

// The command API over HTTP (JSON and plain text, with an API key and as the local admin) and
// the `npm run ops` CLI both ways: straight to the database and through the endpoint.

const root = path.resolve(import.meta.dirname, '../..');
const uid = () => randomUUID().slice(0, 8);

/** Fresh stock in a state of its own: demo leads of that state leave stock first. */
async function stock(state: string, count: number) {
  await sql`update public.leads set state = null where state = ${state} and status = 'new'`;
  await sql`insert into public.leads (first_name, state) select 'Automation ' || i, ${state} from generate_series(1, ${count}) i`;
}

const orderStatuses = async (customer: string) =>
  (await sql<{ status: string }[]>`select status from public.orders where customer_name = ${customer}`).map((row) => row.status);

const counts = async () => (await sql`
  select (select count(*)::int from public.orders) as orders, (select count(*)::int from public.order_leads) as order_leads,
         (select count(*)::int from public.leads) as leads, (select count(*)::int from public.lead_assignments) as lead_assignments,
         (select count(*)::int from public.lead_events) as lead_events`)[0];

/** `npm run ops -- …` as a child process: its exit code and output. */
function ops(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'scripts/ops.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL!, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test.describe('POST /api/automation/execute', () => {
  test('JSON with an API key: runs as the key\'s role, with the command API\'s answers', async ({ request }) => {
    await stock('WV', 3);
    const manager = { Authorization: `Bearer ${await generateApiKeyForTest(`automation ${uid()}`, 'manager', null)}` };
    const customer = `Key Buyer ${uid()}`;

    const created = await request.post('/api/automation/execute', {
      headers: manager,
      data: { command: 'create_order', params: { customer_name: customer, requested_states: 'WV' } },
    });
    expect(created.status()).toBe(200);
    const order = (await created.json()).result;
    expect(order).toMatchObject({ customer_name: customer, status: 'open', allocated: 3 });

    const fulfilled = await request.post('/api/automation/execute', { headers: manager, data: { command: 'fulfill_order', params: { orderId: order.id } } });
    expect(await fulfilled.json()).toMatchObject({ ok: true, result: { id: order.id, status: 'fulfilled' } });
    expect(await orderStatuses(customer)).toEqual(['fulfilled']);

    const missing = randomUUID();
    const notFound = await request.post('/api/automation/execute', { headers: manager, data: { command: 'delete_order', params: { orderId: missing } } });
    expect(notFound.status()).toBe(404);
    expect(await notFound.json()).toEqual({ ok: false, error: { code: 'not_found', message: `order ${missing} not found` } });

    const nearMiss = await request.post('/api/automation/execute', { headers: manager, data: { command: 'fulfil_order', params: { orderId: order.id } } });
    expect(nearMiss.status()).toBe(400);
    const { error } = await nearMiss.json();
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/^unknown command "fulfil_order"; did you mean fulfill_order\?; accepted commands: create_order \{customer_name, customer_email\?, requested_states\}; /);

    const caller = await sql<{ id: string }[]>`select id from public.callers where active limit 1`;
    const callerKey = { Authorization: `Bearer ${await generateApiKeyForTest(`automation caller ${uid()}`, 'caller', caller[0]!.id)}` };
    const refused = await request.post('/api/automation/execute', {
      headers: callerKey,
      data: { command: 'create_order', params: { customer_name: `Caller ${customer}`, requested_states: 'WV' } },
    });
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toEqual({ ok: false, error: { code: 'forbidden', message: 'only admins and managers can create orders' } });

    const unknownKey = await request.post('/api/automation/execute', { headers: { Authorization: 'Bearer lok_nope' }, data: { command: 'get_stats' } });
    expect(unknownKey.status()).toBe(401);
  });

  test('a cross-site text/plain post, as a form on another site can send it, runs nothing', async ({ request }) => {
    const customer = `Forged ${uid()}`;
    for (const headers of [
      { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' } as Record<string, string>,
      { Origin: 'https://evil.example' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'null' },
    ]) {
      const answer = await request.post('/api/automation/execute', {
        headers: { 'Content-Type': 'text/plain', ...headers },
        data: `create_order customer_name="${customer}" requested_states=NM`,
      });
      expect({ headers, status: answer.status() }).toEqual({ headers, status: 403 });
    }
    expect(await orderStatuses(customer)).toEqual([]);
  });

  test('plain text as the local admin: lines in order, quotes and comments, stop or go on, dry run', async ({ request }) => {
    await stock('NM', 2);
    const customer = `Text Buyer ${uid()}`;
    const script = [
      `# an order, then the open orders`,
      `create_order customer_name="${customer}" requested_states=NM`,
      '',
      `get_orders status=open limit=1`,
      `fulfill_order orderId=${randomUUID()}`,
      `get_stats`,
    ].join('\n');
    const stopped = await request.post('/api/automation/execute', { headers: { 'Content-Type': 'text/plain' }, data: script });
    expect(stopped.status()).toBe(404);
    const body = await stopped.json();
    expect(body.ok).toBe(false);
    expect(body.results).toMatchObject([
      { line: 2, command: 'create_order', ok: true, result: { customer_name: customer, allocated: 2 } },
      { line: 4, command: 'get_orders', ok: true, result: [{ customer_name: customer }] },
      { line: 5, command: 'fulfill_order', ok: false, error: { code: 'not_found' } },
    ]);
    expect(await orderStatuses(customer)).toEqual(['open']);

    const onward = await request.post('/api/automation/execute?continue_on_error=true', { headers: { 'Content-Type': 'text/plain' }, data: script.replace(customer, `${customer} 2`) });
    expect(onward.status()).toBe(404);
    expect((await onward.json()).results.map((result: { line: number; ok: boolean }) => [result.line, result.ok])).toEqual([[2, true], [4, true], [5, false], [6, true]]);

    const before = await counts();
    const dry = await request.post('/api/automation/execute', {
      headers: { 'Content-Type': 'text/plain', 'X-Dry-Run': 'true' },
      data: `create_order customer_name="Dry ${customer}" requested_states=NM\nrecompute_scores`,
    });
    expect(dry.status()).toBe(200);
    expect(await dry.json()).toMatchObject({ ok: true, dry_run: true, results: [{ ok: true, result: { status: 'open' } }, { ok: true }] });
    expect(await counts()).toEqual(before);
    expect(await orderStatuses(`Dry ${customer}`)).toEqual([]);
  });
});

test.describe('npm run ops', () => {
  // Each run starts a Node process with tsx (about a second here).
  test.describe.configure({ timeout: 90_000 });

  test('straight to the database: readable or JSON output, dry run, exit codes', async () => {
    await stock('NV', 2);
    const customer = `CLI Direct ${uid()}`;
    const created = await ops(['create_order', `customer_name=${customer}`, 'requested_states=NV']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`^ok create_order: \\{.*"customer_name":"${customer}"`));
    expect(await orderStatuses(customer)).toEqual(['open']);
    const id = (await sql<{ id: string }[]>`select id from public.orders where customer_name = ${customer}`)[0]!.id;

    const before = await counts();
    const dry = await ops(['--json', '--dry-run', 'fulfill_order', `orderId=${id}`]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ ok: true, dry_run: true, result: { id, status: 'fulfilled' } });
    expect(await orderStatuses(customer)).toEqual(['open']);
    expect(await counts()).toEqual(before);

    const failed = await ops(['fulfill_order', `orderId=${randomUUID()}`]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^error fulfill_order: 404 not_found: order .* not found/);

    const badParams = await ops(['--json', 'get_leads', 'limit=9999']);
    expect(badParams.code).toBe(1);
    expect(JSON.parse(badParams.stdout)).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/^bad params for get_leads/) } });

    const typo = await ops(['fulfil_order', `orderId=${id}`]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean fulfill_order?');
    expect((await ops(['get_stats', 'loose'])).code).toBe(2);
    expect((await ops([])).code).toBe(2);

    const caller = await busiestCaller();
    const asCaller = await ops(['--as', caller.email, 'get_leads', 'limit=500']);
    expect(asCaller.code, asCaller.stderr).toBe(0);
    expect(JSON.parse(asCaller.stdout.replace(/^ok get_leads: /, ''))).toHaveLength(Math.min(caller.leads, 500));
    const refused = await ops(['--as', caller.email, 'create_order', 'customer_name=By a caller', 'requested_states=NV']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error create_order: 403 forbidden: only admins and managers can create orders/);
    expect((await ops(['--as', 'nobody@example.com', 'get_stats'])).code).toBe(1);

    const down = await ops(['get_stats'], { DATABASE_URL: `postgres://postgres:postgres@127.0.0.1:${await freePort()}/postgres` });
    expect(down.code).toBe(3);
  });

  test('over HTTP with --url and --key: the endpoint\'s answers and exit codes', async ({ baseURL }) => {
    await stock('UT', 1);
    const key = await generateApiKeyForTest(`automation cli ${uid()}`, 'admin', null);
    const customer = `CLI Http ${uid()}`;
    const created = await ops(['--url', baseURL!, '--key', key, '--json', 'create_order', `customer_name=${customer}`, 'requested_states=UT']);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ ok: true, result: { customer_name: customer, allocated: 1 } });
    const [actor] = await sql`select actor from public.audit_log where table_name = 'orders' and row_id = ${JSON.parse(created.stdout).result.id} and action = 'insert'`;
    expect(actor!.actor).toMatch(/^api key automation cli /);

    const dry = await ops(['--url', baseURL!, '--key', key, '--dry-run', 'get_leads', 'status=unassigned', 'state=UT']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^ok get_leads \(dry run: rolled back\): \[\]/);

    const asLocalAdmin = await ops(['--url', baseURL!, 'get_stats']);
    expect(asLocalAdmin.code, asLocalAdmin.stderr).toBe(0);
    expect(asLocalAdmin.stdout).toMatch(/^ok get_stats: \{"leads_total":\d+/);

    const badKey = await ops(['--url', baseURL!, '--key', 'lok_nope', 'get_stats']);
    expect(badKey.code).toBe(1);
    expect(badKey.stderr).toMatch(/^error get_stats: 401 unauthorized/);

    const unreachable = await ops(['--url', `http://127.0.0.1:${await freePort()}`, 'get_stats']);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/cannot reach/);
  });
});
