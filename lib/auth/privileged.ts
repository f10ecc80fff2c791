import 'server-only';
import type { AppRole } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { siteOrigin } from './sign-in';
import { hostedProject, supabaseAdmin } from './supabase-clients';

/*
 * Every step that bypasses RLS (the server's own connection, or Supabase's service role) is
 * here, and only here, each with the reason it must.
 */

/**
 * LEADOPS_FIRST_ADMIN_EMAIL signing in to a deployment with no admin becomes its admin: nobody
 * is a member yet who could add them. The database decides "no admin yet", under a lock.
 */
export async function claimFirstAdmin(userId: string, email: string): Promise<boolean> {
  const wanted = env.LEADOPS_FIRST_ADMIN_EMAIL?.toLowerCase();
  if (!wanted || email.toLowerCase() !== wanted) return false;
  const [row] = await db()`select private.claim_first_admin(${userId}, ${email}) as claimed`;
  return row?.claimed === true;
}

export interface LocalMember {
  userId: string;
  email: string;
  role: string;
  callerName: string | null;
}

/**
 * The local member switcher lists every active member, whoever is being viewed as: a caller
 * may not read members, but locally the person at the keyboard is the admin trying roles out.
 */
export async function localMembers(): Promise<LocalMember[]> {
  return db()<LocalMember[]>`
    select m.user_id as "userId", m.email, m.role, c.name as "callerName"
    from public.members m left join public.callers c on c.id = m.caller_id
    where m.active
    order by case m.role when 'admin' then 0 when 'manager' then 1 else 2 end, coalesce(c.name, m.email)`;
}

/**
 * The Auth user behind a new member: hosted, Supabase Auth invites them by email (service
 * role); locally, where there is no Auth service, the user is a row in the bootstrap's auth.users.
 */
export async function inviteUser(email: string): Promise<void> {
  if (hostedProject()) {
    const redirectTo = `${await siteOrigin()}/auth/confirm`;
    const { error } = await supabaseAdmin().auth.admin.inviteUserByEmail(email, { redirectTo });
    // Already a user (invited before, or signed up): they can be made a member as they are.
    if (error && error.code !== 'email_exists') throw error;
    return;
  }
  await db()`insert into auth.users (email) values (${email.toLowerCase()}) on conflict (email) do nothing`;
}

export interface LiveApiKey {
  id: string;
  name: string;
  role: AppRole;
  caller_id: string | null;
  /** Seconds until the key may send again; 0 = within its rate limit. */
  retry_after: number;
}

/**
 * The key behind a bearer token, counted against its rate limit. Before the request has an
 * identity nothing can be asked as a viewer, and a signed-in admin may not read key hashes
 * either: the server's own connection looks the hash up, in one call.
 */
export async function authenticateApiKey(hash: string): Promise<LiveApiKey | null> {
  const [key] = await db()<LiveApiKey[]>`select * from private.authenticate_api_key(${hash})`;
  return key ?? null;
}

/**
 * Counts a request of a rate-limited subject (a webhook source) in the database, so the limit
 * holds across server processes; returns the seconds to wait, 0 = go ahead. The counter is a
 * private table no member may write.
 */
export async function takeRateToken(subject: string, limitPerMinute: number): Promise<number> {
  const [row] = await db()<{ wait: number }[]>`select private.take_rate_token(${subject}, ${limitPerMinute}) as wait`;
  return row?.wait ?? 0;
}
