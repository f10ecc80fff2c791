import { sql } from './database';

/** The demo caller with the most leads, and how many are theirs (the rest belong to others). */
export async function busiestCaller(): Promise<{ callerId: string; userId: string; email: string; name: string; leads: number }> {
  const [row] = await sql<{ callerId: string; userId: string; email: string; name: string; leads: number }[]>`
    select c.id as "callerId", m.user_id as "userId", m.email, c.name,
           (select count(*)::int from public.leads l where l.assigned_caller_id = c.id) as leads
    from public.callers c join public.members m on m.caller_id = c.id
    where m.active
    order by 5 desc limit 1`;
  if (!row || row.leads === 0) throw new Error('the demo data has no caller with leads');
  return row;
}

/** Lead ids linked from a page's table, and whose they are. */
export async function ownersOf(leadIds: string[]): Promise<(string | null)[]> {
  const rows = await sql<{ caller: string | null }[]>`
    select assigned_caller_id as caller from public.leads where id = any(${leadIds}::uuid[])`;
  return [...new Set(rows.map((row) => row.caller))];
}

/** An admin member with its Auth user, as the SQL console would add one. */
export async function addAdmin(user: { id: string; email: string }): Promise<void> {
  await sql`insert into auth.users (id, email) values (${user.id}, ${user.email})`;
  await sql`insert into public.members (user_id, email, role) values (${user.id}, ${user.email}, 'admin')`;
}
