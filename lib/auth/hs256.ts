import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies a Supabase access token signed with the project's legacy HS256 secret: signature
 * (in constant time), expiry and audience. Returns its claims, or null.
 */
export function verifyHs256(token: string, secret: string, nowSeconds = Date.now() / 1000): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    if (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg !== 'HS256') return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return null;
    if (claims.aud !== 'authenticated' || typeof claims.sub !== 'string') return null;
    return claims;
  } catch {
    return null;
  }
}

/** The `alg` a token's header names, unverified: which way to verify it. */
export function tokenAlgorithm(token: string): string | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')).alg;
  } catch {
    return undefined;
  }
}
