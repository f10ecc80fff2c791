import { createHash, randomBytes } from 'node:crypto';
import type { AppRole, Viewer } from './viewer';

/** `lok_` and 43 base64url characters: 256 random bits. */
const KEY_PATTERN = /^lok_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  key: string;
  hash: string;
  prefix: string;
}

/** A fresh key, its sha256 hex (all the database keeps) and the prefix lists show. */
export function generateApiKey(): NewApiKey {
  const key = `lok_${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, 8) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The API key in `Authorization: Bearer …`, or null when the request has no bearer token
 * (then it is a dashboard request). A bearer token that is not shaped like our keys is
 * returned too, so that it is refused rather than ignored.
 */
export function bearerToken(req: Request): string | null {
  const header = req.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : '';
}

export function isApiKeyShaped(token: string): boolean {
  return KEY_PATTERN.test(token);
}

/**
 * The viewer a request with this key acts as: its id as the JWT subject and `api_key: true`,
 * which the database resolves to the key's role while it is not revoked.
 */
export function viewerForApiKey(key: { id: string; name: string; role: AppRole; caller_id: string | null }): Viewer {
  const email = `api key ${key.name}`;
  return {
    userId: key.id,
    email,
    role: key.role,
    callerId: key.caller_id,
    claims: { sub: key.id, role: 'authenticated', aud: 'authenticated', email, api_key: true, key_name: key.name },
  };
}
