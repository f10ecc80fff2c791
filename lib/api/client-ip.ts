import { isIP } from 'node:net';

/**
 * The client's IP as the platform in front of us reports it (Vercel and most proxies put it
 * first in X-Forwarded-For), for the audit log; null when absent or not an address. Without a
 * trusted proxy a client can write this header itself, so it is a hint, never an identity.
 */
export function clientIpFrom(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const candidate = forwarded || headers.get('x-real-ip')?.trim();
  if (!candidate) return null;
  const bare = candidate.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return isIP(bare) ? bare : null;
}
