import 'server-only';
import type { SupabaseClient } from '@supabase/supabase-js';
import { env } from '@/lib/env';
import { tokenAlgorithm, verifyHs256 } from './hs256';

/**
 * The claims of the session in this client's cookies, verified, or null. Asymmetric tokens are
 * checked against the project's JWKS by getClaims(); legacy HS256 tokens against
 * SUPABASE_JWT_SECRET when it is set (else getClaims() asks Auth). getSession() only reads (and
 * refreshes) the cookie: it is never trusted on its own.
 */
export async function verifiedClaims(supabase: SupabaseClient): Promise<Record<string, unknown> | null> {
  const { data } = await supabase.auth.getSession();
  const token = data.session?.access_token;
  if (!token) return null;
  if (env.SUPABASE_JWT_SECRET && tokenAlgorithm(token) === 'HS256') {
    return verifyHs256(token, env.SUPABASE_JWT_SECRET);
  }
  const { data: verified, error } = await supabase.auth.getClaims(token);
  if (error || !verified) return null;
  return verified.claims as Record<string, unknown>;
}
