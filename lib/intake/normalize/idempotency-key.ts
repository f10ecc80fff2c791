import { createHash } from 'node:crypto';

/**
 * An idempotency key as stored: trimmed, and replaced by its hash when longer than 200
 * characters, so any key a sender picks fits the index and still matches itself.
 */
export function normalizeIdempotencyKey(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const key = String(value).trim();
  if (key === '') return null;
  return key.length > 200 ? `sha256:${createHash('sha256').update(key).digest('hex')}` : key;
}
