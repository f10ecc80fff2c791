import type { Sql } from 'postgres';
import { LOCAL_ADMIN } from '../../lib/auth/viewer';

/**
 * The member the local dashboard opens as when no Supabase project is configured. Locally
 * there is no Auth service, so its user is a row in the bootstrap's auth.users. Never run
 * against Supabase: there, the first admin signs up and is made a member with add_member().
 */
export async function ensureLocalAdmin(sql: Sql): Promise<void> {
  await sql`insert into auth.users (id, email) values (${LOCAL_ADMIN.userId}, ${LOCAL_ADMIN.email}) on conflict do nothing`;
  await sql`
    insert into public.members (user_id, email, role) values (${LOCAL_ADMIN.userId}, ${LOCAL_ADMIN.email}, 'admin')
    on conflict (user_id) do nothing`;
}
