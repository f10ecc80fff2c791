import type { TransactionSql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN, type Viewer } from '@/lib/auth/viewer';
import { withViewer } from '@/lib/db/with-viewer';
import { createMember } from './support/members';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let db: TestDatabase;
let mine: string;
let theirs: string;
let me: Viewer;
let them: Viewer;
const as = <T>(viewer: Viewer, fn: (tx: TransactionSql) => Promise<T>) => withViewer(db.sql, viewer, fn);

beforeAll(async () => {
  db = await createTestDatabase();
  const callers = await db.sql<{ id: string }[]>`insert into public.callers (name) values ('Mine'), ('Theirs') returning id`;
  [mine, theirs] = callers.map((row) => row.id) as [string, string];
  me = await createMember(db.sql, 'caller', { callerId: mine });
  them = await createMember(db.sql, 'caller', { callerId: theirs });
  for (const [name, callerId] of [['Ann', mine], ['Bob', theirs]] as const) {
    const [lead] = await db.sql<{ id: string }[]>`insert into public.leads (first_name, status) values (${name}, 'new') returning id`;
    await db.sql`select public.assign_lead_manual(${lead!.id}, ${callerId})`;
    await db.sql`insert into public.lead_events (event_id, lead_id, type) values (${name}, ${lead!.id}, 'call_answered')`;
  }
});
afterAll(() => db.drop());

describe('a member\'s role comes from members, on every statement', () => {
  it('shows a caller their own leads, history, events, caller record and membership only', async () => {
    const seen = await as(me, async (tx) => ({
      leads: (await tx`select first_name from public.leads`).map((row) => row.first_name),
      assignments: (await tx`select caller_id from public.lead_assignments`).map((row) => row.caller_id),
      events: (await tx`select count(*)::int as n from public.lead_events`)[0]!.n,
      callers: (await tx`select id from public.callers`).map((row) => row.id),
      members: (await tx`select user_id from public.members`).map((row) => row.user_id),
    }));
    expect(seen).toEqual({ leads: ['Ann'], assignments: [mine], events: 1, callers: [mine], members: [me.userId] });
  });

  it('takes a role change and a deactivation at the next statement, whatever the token says', async () => {
    const member = await createMember(db.sql, 'manager');
    const count = () => as(member, async (tx) => (await tx`select count(*)::int as n from public.leads`)[0]!.n as number);
    expect(await count()).toBe(2);
    await as(LOCAL_ADMIN, (tx) => tx`select public.update_member(${member.userId}, '{"active": false}')`);
    expect(await count()).toBe(0);
    await expect(as(member, (tx) => tx`select public.save_caller(null, '{"name":"X"}')`)).rejects.toMatchObject({ code: 'PT403' });
    await as(LOCAL_ADMIN, (tx) => tx`select public.update_member(${member.userId}, '{"active": true}')`);
    expect(await count()).toBe(2);
  });

  it('gives a signed-in user who is not a member nothing', async () => {
    const stranger: Viewer = { userId: '44444444-4444-4444-8444-444444444444', email: 'x@example.com', role: 'admin', callerId: null };
    expect(await as(stranger, (tx) => tx`select id from public.leads`)).toEqual([]);
    await expect(as(stranger, (tx) => tx`select public.set_setting('dedupe_window_hours', '2')`)).rejects.toMatchObject({ code: 'PT403' });
  });
});

describe('add_member and update_member', () => {
  it('are for admins and the SQL console only', async () => {
    await expect(as(them, (tx) => tx`select public.add_member(${me.email}, 'admin')`)).rejects.toMatchObject({
      code: 'PT403', message: 'only admins can add members',
    });
    await expect(as(me, (tx) => tx`select public.update_member(${me.userId}, '{"role":"admin"}')`)).rejects.toMatchObject({ code: 'PT403' });
  });

  it('make an existing Auth user a member by email, case-insensitively', async () => {
    await db.sql`insert into auth.users (email) values ('New.Person@Example.com')`;
    const [row] = await db.sql`select (public.add_member('  NEW.person@example.com', 'manager')).*`;
    expect(row).toMatchObject({ email: 'new.person@example.com', role: 'manager', active: true, caller_id: null });
  });

  it('say what is wrong', async () => {
    await expect(db.sql`select public.add_member('nobody@example.com', 'admin')`).rejects.toMatchObject({
      code: 'PT404', message: expect.stringContaining('invite them'),
    });
    await db.sql`insert into auth.users (email) values ('cal2@example.com')`;
    await expect(db.sql`select public.add_member('cal2@example.com', 'caller')`).rejects.toMatchObject({ code: 'PT422', message: expect.stringContaining('caller_id') });
    await expect(db.sql`select public.add_member('cal2@example.com', 'caller', ${mine})`).rejects.toMatchObject({
      code: 'PT422', message: 'another member already works as that caller',
    });
    await expect(db.sql`select public.add_member('cal2@example.com', 'boss')`).rejects.toMatchObject({ code: 'PT422' });
    await expect(db.sql`select public.update_member(${me.userId}, '{"colour":"red"}')`).rejects.toMatchObject({ code: 'PT422', message: expect.stringContaining('colour') });
    await expect(db.sql`select public.update_member(${me.userId}, '{"active":"no"}')`).rejects.toMatchObject({ code: 'PT422' });
    await expect(db.sql`select public.update_member(${me.userId}, '[1]')`).rejects.toMatchObject({ code: 'PT422' });
    // Another Auth user (deleted and signed up again, say) with a member's address.
    await db.sql`update auth.users set email = 'old-' || email where id = ${them.userId}`;
    await db.sql`insert into auth.users (email) values (${them.email})`;
    await expect(db.sql`select public.add_member(${them.email}, 'manager')`).rejects.toMatchObject({ code: 'PT409' });
    await db.sql`delete from auth.users where email = ${them.email}`;
    await db.sql`update auth.users set email = ${them.email} where id = ${them.userId}`;
  });

  it('never remove the last active admin', async () => {
    const admins = await db.sql`select user_id from public.members where role = 'admin' and active`;
    expect(admins).toEqual([{ user_id: LOCAL_ADMIN.userId }]);
    await expect(as(LOCAL_ADMIN, (tx) => tx`select public.update_member(${LOCAL_ADMIN.userId}, '{"active": false}')`)).rejects.toMatchObject({
      code: 'PT409', message: 'at least one active admin must remain',
    });
    await expect(db.sql`select public.add_member(${LOCAL_ADMIN.email}, 'manager')`).rejects.toMatchObject({ code: 'PT409' });
    const second = await createMember(db.sql, 'admin');
    await as(second, (tx) => tx`select public.update_member(${LOCAL_ADMIN.userId}, '{"role": "manager"}')`);
    await db.sql`select public.update_member(${LOCAL_ADMIN.userId}, '{"role": "admin"}')`;
  });

  it('keep two admins demoting each other at once from leaving none', async () => {
    const other = await createMember(db.sql, 'admin');
    await db.sql`update public.members set active = false where role = 'admin' and user_id not in (${LOCAL_ADMIN.userId}, ${other.userId})`;
    const results = await Promise.allSettled([
      as(LOCAL_ADMIN, (tx) => tx`select public.update_member(${other.userId}, '{"role": "manager"}')`),
      as(other, (tx) => tx`select public.update_member(${LOCAL_ADMIN.userId}, '{"role": "manager"}')`),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(await db.sql`select count(*)::int as n from public.members where role = 'admin' and active`).toEqual([{ n: 1 }]);
    await db.sql`update public.members set role = 'admin', active = true where user_id = ${LOCAL_ADMIN.userId}`;
  });
});

describe('the first admin of a deployment', () => {
  it('is claimed by the named user only while there is no admin', async () => {
    const fresh = await createTestDatabase();
    try {
      await fresh.sql`delete from public.members`;
      // Signed up with the address but never confirmed it: not the owner of the address.
      const [squatter] = await fresh.sql<{ id: string }[]>`insert into auth.users (email, email_confirmed_at) values ('boss2@example.com', null) returning id`;
      expect(await fresh.sql`select private.claim_first_admin(${squatter!.id}, 'boss2@example.com') as ok`).toEqual([{ ok: false }]);
      // The email is the user's own, not whatever the caller passes.
      const [first, second] = await fresh.sql<{ id: string }[]>`insert into auth.users (email) values ('boss@example.com'), ('late@example.com') returning id`;
      expect(await fresh.sql`select private.claim_first_admin(${first!.id}, 'late@example.com') as ok`).toEqual([{ ok: false }]);
      const claims = await Promise.all([
        fresh.sql`select private.claim_first_admin(${first!.id}, 'Boss@example.com') as ok`,
        fresh.sql`select private.claim_first_admin(${second!.id}, 'late@example.com') as ok`,
      ]);
      expect(claims.map(([row]) => row!.ok).sort()).toEqual([false, true]);
      expect(await fresh.sql`select role from public.members`).toEqual([{ role: 'admin' }]);
    } finally {
      await fresh.drop();
    }
  });
});
