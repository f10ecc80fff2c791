import 'server-only';
import { createServerClient, type CookieMethodsServer } from '@supabase/ssr';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { cookies } from 'next/headers';
import { env } from '@/lib/env';

/** The Supabase project this deployment signs members in with; absent in local mode. */
export function hostedProject(): { url: string; anonKey: string } | null {
  const url = env.NEXT_PUBLIC_SUPABASE_URL;
  const anonKey = env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  return url && anonKey ? { url, anonKey } : null;
}

/**
 * supabase-js builds a Realtime client in its constructor, which on Node 20 finds no WebSocket
 * and throws. The server only uses Auth; pages subscribe from the browser.
 */
class NoServerRealtime {
  constructor() {
    throw new Error('Realtime is not used from the server');
  }
}
const serverOnlyAuth = { realtime: { transport: NoServerRealtime as never } };

/** A Supabase client over the given cookie jar: the session lives in cookies @supabase/ssr writes. */
export function supabaseWithCookies(cookieMethods: CookieMethodsServer): SupabaseClient {
  const project = hostedProject();
  if (!project) throw new Error('no Supabase project is configured');
  // httpOnly: only the server reads the session; no script on the page can lift the tokens.
  return createServerClient(project.url, project.anonKey, {
    cookies: cookieMethods,
    cookieOptions: { httpOnly: true, sameSite: 'lax', path: '/' },
    ...serverOnlyAuth,
  });
}

/** For pages, server actions and route handlers: the request's session cookies. */
export async function supabaseForRequest(): Promise<SupabaseClient> {
  const jar = await cookies();
  return supabaseWithCookies({
    getAll: () => jar.getAll(),
    setAll: (toSet) => {
      try {
        for (const { name, value, options } of toSet) jar.set(name, value, options);
      } catch {
        // A page cannot set cookies; proxy.ts has already refreshed the session for this request.
      }
    },
  });
}

/** Supabase Auth's admin API (invites). Service role: only lib/auth/privileged.ts calls it. */
export function supabaseAdmin(): SupabaseClient {
  const project = hostedProject();
  if (!project || !env.SUPABASE_SERVICE_ROLE_KEY) {
    throw new Error('inviting members needs NEXT_PUBLIC_SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY');
  }
  return createClient(project.url, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    ...serverOnlyAuth,
  });
}
