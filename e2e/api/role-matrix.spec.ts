import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { generateApiKeyForTest } from '../support/api-keys';
import { sql } from '../support/database';
import { sessionCookie, startHostedServer, type HostedServer } from '../support/hosted-server';
import { addAdmin, busiestCaller, ownersOf } from '../support/viewers';

// Every API route, as anonymous, a caller, a manager and an admin (signed in with Supabase
// Auth), and with an API key of each role: the status each must get. Writes aim at records that
// do not exist (staff: 404) or carry a value the database refuses (staff: 422), so that the
// matrix changes nothing, and a caller's 403 shows the role check comes first.

type Who = 'anon' | 'caller' | 'manager' | 'admin';
interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  expect: Record<Who, number>;
  /** Dashboard-only: API keys are refused (403) whatever their role. */
  sessionOnly?: boolean;
}

const nobody = randomUUID();
const staff = (status: number, caller = 403) => ({ anon: 401, caller, manager: status, admin: status });
// Built when the test runs: the import row repeats the newest lead's phone (inside the duplicate
// window), so staff get a duplicate, not a new lead.
const rows = (): Row[] => [
  { method: 'GET', path: '/api/leads', expect: staff(200, 200) },
  // Reads a caller may make: row-level security leaves them their own rows, or none.
  { method: 'GET', path: '/api/leads/stats', expect: staff(200, 200) },
  { method: 'GET', path: '/api/leads/caps', expect: staff(200, 200) },
  { method: 'PUT', path: '/api/leads/caps', body: { ZZ: 5 }, expect: staff(422) },
  { method: 'POST', path: '/api/leads/import', body: { import_id: nobody, rows: [{ row: 1, fields: { first_name: 'Matrix', phone: knownPhone }, metadata: {} }] }, expect: staff(200) },
  { method: 'POST', path: `/api/leads/${nobody}/assign`, expect: staff(404) },
  { method: 'DELETE', path: `/api/leads/${nobody}/assign`, expect: staff(404) },
  { method: 'PATCH', path: `/api/leads/${nobody}/status`, body: { status: 'contacted' }, expect: staff(404, 404) },
  { method: 'GET', path: '/api/orders', expect: staff(200, 200) },
  { method: 'POST', path: '/api/orders', body: { customer_name: 'Matrix', requested_states: ['ZZ'] }, expect: staff(422) },
  { method: 'GET', path: `/api/orders/${nobody}`, expect: staff(404, 404) },
  { method: 'DELETE', path: `/api/orders/${nobody}`, expect: staff(404) },
  { method: 'PATCH', path: `/api/orders/${nobody}/fulfill`, expect: staff(404) },
  { method: 'POST', path: `/api/orders/${nobody}/returns`, body: { reason: 'matrix' }, expect: staff(404) },
  { method: 'GET', path: '/api/orders/export/csv', expect: staff(200, 200) },
  { method: 'GET', path: '/api/callers', expect: staff(200, 200) },
  { method: 'POST', path: '/api/callers', body: { name: 'Matrix', assigned_states: ['ZZ'] }, expect: staff(422) },
  { method: 'PATCH', path: `/api/callers/${nobody}`, body: { name: 'Matrix' }, expect: staff(404) },
  { method: 'GET', path: '/api/scoring/rules', expect: staff(200, 200) },
  // An edit from a version long gone: staff get 409 and nothing changes.
  { method: 'PUT', path: '/api/scoring/rules', body: { rules: [{ event_type: 'call_answered', points: 1 }], version: 1 }, expect: staff(409) },
  // A what-if over the leads the viewer can see: a caller's own.
  { method: 'POST', path: '/api/scoring/preview', body: [{ event_type: 'call_answered', points: 1 }], expect: staff(200, 200) },
  { method: 'POST', path: `/api/scoring/recompute/${nobody}`, expect: staff(404) },
  { method: 'GET', path: '/api/scoring/leaderboard', expect: staff(200, 200) },
  { method: 'POST', path: '/api/scoring/events', body: [{ event_id: 'matrix', lead_id: nobody, type: 'call_answered' }], expect: staff(200) },
  // The audit log: staff read it (managers not all of it); a caller gets an empty page.
  { method: 'GET', path: '/api/audit', expect: staff(200, 200) },
  { method: 'GET', path: '/api/sources', sessionOnly: true, expect: { anon: 401, caller: 200, manager: 200, admin: 200 } },
  { method: 'POST', path: '/api/sources', sessionOnly: true, body: { name: 'Not A Valid Name' }, expect: { anon: 401, caller: 403, manager: 403, admin: 400 } },
  { method: 'PATCH', path: `/api/sources/${nobody}`, sessionOnly: true, body: { active: true }, expect: { anon: 401, caller: 403, manager: 403, admin: 404 } },
];

let hosted: HostedServer;
let knownPhone: string;
let caller: Awaited<ReturnType<typeof busiestCaller>>;
const credentials: Record<Who, Record<string, string>> = { anon: {}, caller: {}, manager: {}, admin: {} };
const keys: Partial<Record<Who, Record<string, string>>> = {};
const PASSWORD = 'matrix password 123';

test.beforeAll(async () => {
  // The scoring row saves from version 1: the same rules saved again make that version stale.
  await sql`
    select public.save_scoring_rules((
      select coalesce(jsonb_agg(jsonb_build_object('event_type', event_type, 'points', points, 'max_per_lead', max_per_lead,
                                                   'window_days', window_days, 'active', active)), '[]')
      from public.scoring_rules))`;
  hosted = await startHostedServer();
  caller = await busiestCaller();
  const [known] = await sql<{ phone: string }[]>`select phone_e164 as phone from public.leads where phone_e164 is not null order by created_at desc limit 1`;
  knownPhone = known!.phone;
  const admin = { id: randomUUID(), email: 'matrix.admin@example.com' };
  await addAdmin(admin);
  const [manager] = await sql<{ user_id: string; email: string }[]>`select user_id, email from public.members where role = 'manager' and active limit 1`;
  for (const [who, user] of [['caller', { id: caller.userId, email: caller.email }], ['manager', { id: manager!.user_id, email: manager!.email }], ['admin', admin]] as const) {
    hosted.auth.addUser({ id: user.id, email: user.email, password: PASSWORD });
    credentials[who] = { cookie: await sessionCookie(hosted, user.email, PASSWORD) };
    keys[who] = { Authorization: `Bearer ${await generateApiKeyForTest(`e2e-matrix-${who}`, who, who === 'caller' ? caller.callerId : null)}` };
  }
});
test.afterAll(async () => {
  await hosted?.stop();
  await sql`delete from public.api_keys where name like 'e2e-matrix-%'`;
  await sql`delete from auth.users where email = 'matrix.admin@example.com'`;
});

test('every API route answers each role, signed in or with a key, as the matrix says', async ({ request }) => {
  const got: string[] = [];
  const want: string[] = [];
  for (const row of rows()) {
    for (const who of ['anon', 'caller', 'manager', 'admin'] as const) {
      const identities: [string, Record<string, string>, number][] = [[`${who} session`, credentials[who], row.expect[who]]];
      if (who !== 'anon') identities.push([`${who} key`, keys[who]!, row.sessionOnly ? 403 : row.expect[who]]);
      for (const [label, headers, expected] of identities) {
        const response = await request.fetch(`${hosted.url}${row.path}`, {
          method: row.method,
          headers: { ...headers, ...(row.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          data: row.body === undefined ? undefined : JSON.stringify(row.body),
          maxRedirects: 0,
        });
        got.push(`${row.method} ${row.path} as ${label}: ${response.status()}`);
        want.push(`${row.method} ${row.path} as ${label}: ${expected}`);
      }
    }
  }
  expect(got).toEqual(want);
});

test('nothing a caller can reach returns another caller\'s leads', async ({ request }) => {
  for (const headers of [credentials.caller, keys.caller!]) {
    const leads = (await (await request.get(`${hosted.url}/api/leads?per_page=100`, { headers })).json()) as { data: { id: string }[]; total: number };
    expect(leads.total).toBe(caller.leads);
    expect(await ownersOf(leads.data.map((lead) => lead.id))).toEqual([caller.callerId]);
    const callers = (await (await request.get(`${hosted.url}/api/callers`, { headers })).json()) as { data: { id: string }[] };
    expect(callers.data.map((row) => row.id)).toEqual([caller.callerId]);
    const [theirs] = await sql<{ id: string; status: string }[]>`select id, status from public.leads where assigned_caller_id <> ${caller.callerId} and status = 'assigned' limit 1`;
    const status = await request.patch(`${hosted.url}/api/leads/${theirs!.id}/status`, { headers, data: { status: 'contacted' } });
    expect(status.status()).toBe(404);
    const [after] = await sql`select status from public.leads where id = ${theirs!.id}`;
    expect(after!.status).toBe(theirs!.status);
  }
});
