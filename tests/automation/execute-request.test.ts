import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/auth/viewer';
import { executeRequest } from '@/lib/automation/execute-request';
import { createMember } from '../support/members';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// POST /api/automation/execute after authentication: the body (JSON or a text/plain script),
// the dry_run and continue_on_error flags, and the answers' shapes and statuses.

let db: TestDatabase;
let manager: Viewer;
let caller: Viewer;

beforeAll(async () => {
  db = await createTestDatabase();
  manager = await createMember(db.sql, 'manager');
  const id = (await db.sql<{ id: string }[]>`insert into public.callers (name) values ('Caller') returning id`)[0]!.id;
  caller = await createMember(db.sql, 'caller', { callerId: id });
});
afterAll(() => db.drop());

interface Sent {
  json?: unknown;
  text?: string;
  query?: string;
  headers?: Record<string, string>;
  viewer?: Viewer;
}

async function execute({ json, text, query = '', headers = {}, viewer = manager }: Sent) {
  const req = new Request(`http://localhost/api/automation/execute${query}`, {
    method: 'POST',
    headers: { 'content-type': text === undefined ? 'application/json' : 'text/plain; charset=utf-8', ...headers },
    body: text ?? JSON.stringify(json),
  });
  const answer = await executeRequest(req, db.sql, viewer, { requestId: 'req-1' });
  return { status: answer.status, body: answer.body as Record<string, any> };
}

const orders = async (name: string) => (await db.sql`select status from public.orders where customer_name = ${name}`).map((row) => row.status);

async function stock(state: string, count: number) {
  await db.sql`insert into public.leads (first_name, state) select 'Stock', ${state} from generate_series(1, ${count})`;
}

describe('JSON', () => {
  it('runs one command: {"ok":true,"result"}', async () => {
    await stock('OR', 2);
    const { status, body } = await execute({ json: { command: 'create_order', params: { customer_name: 'Json Buyer', requested_states: ['OR'] } } });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, result: expect.objectContaining({ customer_name: 'Json Buyer', allocated: 2, status: 'open' }) });
    expect(await orders('Json Buyer')).toEqual(['open']);
  });

  it('takes a command without params', async () => {
    expect(await execute({ json: { command: 'get_stats' } })).toMatchObject({ status: 200, body: { ok: true, result: { leads_total: expect.any(Number) } } });
  });

  it('answers a failing command with its code, message and status', async () => {
    const missing = randomUUID();
    expect(await execute({ json: { command: 'fulfill_order', params: { orderId: missing } } })).toEqual({
      status: 404,
      body: { ok: false, error: { code: 'not_found', message: `order ${missing} not found` } },
    });
  });

  it('answers 403 for a caller creating an order, and creates nothing', async () => {
    const { status, body } = await execute({ viewer: caller, json: { command: 'create_order', params: { customer_name: 'By a caller', requested_states: 'OR' } } });
    expect(status).toBe(403);
    expect(body).toEqual({ ok: false, error: { code: 'forbidden', message: 'only admins and managers can create orders' } });
    expect(await orders('By a caller')).toEqual([]);
  });

  it('a dry run answers what would happen, says so, and keeps nothing', async () => {
    await stock('OK', 1);
    for (const flag of [{ query: '?dry_run=true' }, { headers: { 'X-Dry-Run': 'true' } }]) {
      const { status, body } = await execute({ ...flag, json: { command: 'create_order', params: { customer_name: 'Dry Json', requested_states: 'OK' } } });
      expect(status).toBe(200);
      expect(body).toMatchObject({ ok: true, dry_run: true, result: { allocated: 1 } });
    }
    expect(await orders('Dry Json')).toEqual([]);
  });
});

describe('unknown commands and bad params: 400 with what is accepted', () => {
  const accepted = [
    'create_order {customer_name, customer_email?, requested_states}', 'fulfill_order {orderId}', 'delete_order {orderId}',
    'get_orders {status?, limit?}', 'get_leads {status?, state?, limit?}', 'assign_lead {leadId, callerId?}',
    'return_leads {orderId, leadIds?, reason}', 'recompute_scores {}', 'ingest_lead {…lead fields}',
    'record_event {event_id, lead_id?, lead_external_id?, email?, phone?, type, occurred_at?, properties?}', 'get_stats {}',
    'reassign_stale_leads {minutes}', 'one_time_rule {orderId, action, run_at?}',
  ];
  const acceptedText = `accepted commands: ${accepted.join('; ')}`;

  it('an unknown command lists them all', async () => {
    const { status, body } = await execute({ json: { command: 'refund_order', params: {} } });
    expect(status).toBe(400);
    expect(body).toEqual({ ok: false, error: { code: 'bad_request', message: `unknown command "refund_order"; ${acceptedText}` } });
  });

  it('a near miss names the command meant', async () => {
    const { status, body } = await execute({ json: { command: 'fulfil_order', params: {} } });
    expect(status).toBe(400);
    expect(body.error.message).toBe(`unknown command "fulfil_order"; did you mean fulfill_order?; ${acceptedText}`);
  });

  it('bad params name the failing field and the shape', async () => {
    const { status, body } = await execute({ json: { command: 'fulfill_order', params: { orderId: '1' } } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/^bad params for fulfill_order \{orderId\}: orderId: .+; accepted commands: create_order/),
      details: [{ path: 'orderId', message: expect.any(String) }],
    });
  });

  it('a param the command does not take is refused', async () => {
    const { body } = await execute({ json: { command: 'fulfill_order', params: { orderId: randomUUID(), orderid: 'x' } } });
    expect(body.error.message).toMatch(/^bad params for fulfill_order \{orderId\}: .*orderid/);
  });

  it.each([
    ['no command', { params: {} }],
    ['params that are not an object', { command: 'get_stats', params: [1] }],
    ['an array of commands', [{ command: 'get_stats' }]],
  ])('a body with %s', async (_case, json) => {
    const { status, body } = await execute({ json });
    expect(status).toBe(400);
    expect(body.error.message).toBe(`send {"command":"…","params":{…}}; ${acceptedText}`);
  });
});

describe('plain text', () => {
  it('runs the lines in order, with quoted values, comments and blank lines, a result per line', async () => {
    await stock('NE', 3);
    const script = [
      '# two orders for one customer',
      'create_order customer_name="Text Buyer" requested_states=NE',
      '',
      "get_orders status=open limit=1   # newest first",
      'get_leads status=unassigned state=NE',
    ].join('\n');
    const { status, body } = await execute({ text: script });
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.results).toMatchObject([
      { line: 2, command: 'create_order', ok: true, result: { customer_name: 'Text Buyer', allocated: 3 } },
      { line: 4, command: 'get_orders', ok: true, result: [{ customer_name: 'Text Buyer' }] },
      { line: 5, command: 'get_leads', ok: true, result: [] },
    ]);
    expect(body).not.toHaveProperty('dry_run');
  });

  it('stops at the first failure, with its status, keeping the lines before it', async () => {
    const missing = randomUUID();
    const { status, body } = await execute({
      text: `create_order customer_name="Stops Here" requested_states=NE\nfulfill_order orderId=${missing}\ncreate_order customer_name="Not Reached" requested_states=NE`,
    });
    expect(status).toBe(404);
    expect(body).toEqual({
      ok: false,
      results: [
        expect.objectContaining({ line: 1, command: 'create_order', ok: true }),
        { line: 2, command: 'fulfill_order', ok: false, error: { code: 'not_found', message: `order ${missing} not found` } },
      ],
    });
    expect(await orders('Stops Here')).toEqual(['open']);
    expect(await orders('Not Reached')).toEqual([]);
  });

  it('goes on after failures with continue_on_error (query or header); the status is the first failure\'s', async () => {
    for (const [flag, name] of [[{ query: '?continue_on_error=true' }, 'Goes On Q'], [{ headers: { 'X-Continue-On-Error': 'true' } }, 'Goes On H']] as const) {
      const { status, body } = await execute({
        ...flag,
        text: `get_stat\nfulfill_order orderId=nope\ncreate_order customer_name="${name}" requested_states=NE`,
      });
      expect(status).toBe(400);
      expect(body.ok).toBe(false);
      expect(body.results.map((r: { ok: boolean }) => r.ok)).toEqual([false, false, true]);
      expect(body.results[0].error.message).toMatch(/^unknown command "get_stat"; did you mean get_stats\?/);
      expect(await orders(name)).toEqual(['open']);
    }
  });

  it('a dry run runs every line and keeps nothing', async () => {
    await stock('SD', 1);
    const { status, body } = await execute({
      query: '?dry_run=true',
      text: 'create_order customer_name="Dry Text" requested_states=SD\nget_orders status=open limit=1',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, dry_run: true, results: [{ ok: true }, { ok: true, result: [{ customer_name: 'Dry Text' }] }] });
    expect(await orders('Dry Text')).toEqual([]);
  });

  it.each([
    ['a line it cannot read, before running anything', 'create_order customer_name="Unread requested_states=NE', 'line 1: unterminated " quote'],
    ['a word that is not key=value', 'get_stats now', 'line 1: expected key=value, got "now"'],
  ])('refuses %s', async (_case, text, message) => {
    expect(await execute({ text })).toEqual({ status: 400, body: { ok: false, error: { code: 'bad_request', message } } });
  });

  it('refuses a script with no command', async () => {
    const { status, body } = await execute({ text: '# nothing\n\n' });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^the script holds no command; accepted commands: /);
  });
});

describe('the request', () => {
  it('refuses a body of another type', async () => {
    const req = new Request('http://localhost/api/automation/execute', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'command=get_stats' });
    expect((await executeRequest(req, db.sql, manager, {})).status).toBe(400);
  });

  it('refuses a body over 256 KiB with 413', async () => {
    const { status, body } = await execute({ text: `# ${'x'.repeat(256 * 1024)}\nget_stats` });
    expect(status).toBe(413);
    expect(body.error.code).toBe('payload_too_large');
  });

  it('refuses a script of more than 1,000 commands with 413, running none', async () => {
    const before = await db.sql`select count(*)::int as n from public.orders`;
    const { status, body } = await execute({ text: `${'create_order customer_name=Flood requested_states=KS\n'.repeat(1001)}` });
    expect(status).toBe(413);
    expect(body.error.message).toBe('a script holds at most 1000 commands; send the rest in another request');
    expect(await db.sql`select count(*)::int as n from public.orders`).toEqual(before);
  });

  it('refuses NUL characters and flags that are not true or false', async () => {
    expect((await execute({ json: { command: 'ingest_lead', params: { first_name: 'a\u0000b' } } })).status).toBe(400);
    expect((await execute({ text: 'ingest_lead first_name=a\u0000b' })).status).toBe(400);
    expect((await execute({ query: '?dry_run=yes', json: { command: 'get_stats' } })).body.error.message).toBe('dry_run and continue_on_error take true or false');
  });
});
