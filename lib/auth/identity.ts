import 'server-only';
import { cookies, headers } from 'next/headers';
import { clientIpFrom } from '@/lib/api/client-ip';
import { z } from 'zod';
import { LOCAL_ADMIN } from './viewer';
import { hostedProject, supabaseForRequest } from './supabase-clients';
import { verifiedClaims } from './verified-claims';

/** Locally, the member the dashboard is viewed as (the member switcher sets it). */
export const VIEW_AS_COOKIE = 'leadops_view_as';

/** Who signed in, before asking the database what they may do. */
export interface Identity {
  userId: string;
  email: string | null;
  /** Hosted: the verified JWT claims, handed to Postgres as they are. */
  claims?: Record<string, unknown>;
  clientIp: string | null;
}

const userId = z.uuid();

/**
 * The request's identity, or null when nobody is signed in. Hosted: the verified Supabase
 * session. Local (no Supabase project; loopback only): the member chosen in the switcher,
 * the local admin by default.
 */
export async function currentIdentity(): Promise<Identity | null> {
  const clientIp = clientIpFrom(await headers());
  if (!hostedProject()) {
    const chosen = userId.safeParse((await cookies()).get(VIEW_AS_COOKIE)?.value);
    return { userId: chosen.success ? chosen.data : LOCAL_ADMIN.userId, email: null, clientIp };
  }
  const claims = await verifiedClaims(await supabaseForRequest());
  if (!claims || typeof claims.sub !== 'string' || claims.role !== 'authenticated') return null;
  return { userId: claims.sub, email: typeof claims.email === 'string' ? claims.email : null, claims, clientIp };
}
