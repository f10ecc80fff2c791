import { randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import type { AppRole, Viewer } from '@/lib/auth/viewer';

/**
 * A member of the test database (its Auth user and its membership, written as the console
 * would), and the viewer a request from them resolves to.
 */
export async function createMember(sql: Sql, role: AppRole, options: { callerId?: string; email?: string } = {}): Promise<Viewer> {
  const userId = randomUUID();
  const email = options.email ?? `${role}-${userId.slice(0, 8)}@example.com`;
  await sql`insert into auth.users (id, email) values (${userId}, ${email})`;
  await sql`insert into public.members (user_id, email, role, caller_id) values (${userId}, ${email}, ${role}, ${options.callerId ?? null})`;
  return { userId, email, role, callerId: options.callerId ?? null };
}
