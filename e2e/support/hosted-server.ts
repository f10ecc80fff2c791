import { createServerClient } from '@supabase/ssr';
import { sql } from './database';
import { startSecondServer } from './second-server';
import { startAuthDouble, type AuthDouble } from './supabase-auth-double';

export interface HostedServer {
  url: string;
  auth: AuthDouble;
  stop(): Promise<void>;
}

/**
 * The production build as a hosted deployment: NEXT_PUBLIC_SUPABASE_URL points at a stand-in
 * for Supabase Auth that signs ES256 tokens, so the app's real @supabase/ssr path verifies them.
 * Users the stand-in creates (invites, sign-in links) become rows of the test database's auth.users.
 */
export async function startHostedServer(options: { env?: Record<string, string>; onOutput?: (text: string) => void } = {}): Promise<HostedServer> {
  const auth = await startAuthDouble({
    onUserCreated: async (user) => {
      await sql`insert into auth.users (id, email) values (${user.id}, ${user.email}) on conflict do nothing`;
    },
  });
  const server = await startSecondServer(process.env.E2E_DATABASE_URL!, {
    NEXT_PUBLIC_SUPABASE_URL: auth.url,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: auth.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: auth.serviceRoleKey,
    ...options.env,
  }, options.onOutput);
  return {
    url: server.url,
    auth,
    async stop() {
      server.stop();
      await auth.close();
    },
  };
}

// supabase-js builds a Realtime client in its constructor, which needs a WebSocket Node 20 lacks.
class NoRealtime {
  constructor() {
    throw new Error('not used');
  }
}

/** The Cookie header of a signed-in session, made by @supabase/ssr itself as a browser would get it. */
export async function sessionCookie(hosted: HostedServer, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const client = createServerClient(hosted.auth.url, hosted.auth.anonKey, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => cookies.forEach(({ name, value }) => jar.set(name, value)),
    },
    realtime: { transport: NoRealtime as never },
  });
  const { error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw error;
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}
