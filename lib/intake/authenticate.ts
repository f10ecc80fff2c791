import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface SourceCredential {
  id: string;
  name: string;
  /** sha256 hex of each secret currently accepted (two during a rotation). */
  secretHashes: string[];
  /** Requests per minute it may send; null = no limit. */
  rateLimitPerMinute: number | null;
}

export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** A fresh source secret: 192 random bits, recognisable by its prefix. */
export function newSourceSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function equalHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/**
 * The source a request comes from, or null. Two ways in:
 * - `X-Webhook-Secret: <secret>`: its sha256 is compared, in constant time, with every accepted
 *   hash (all are checked, so timing does not tell which source matched);
 * - `X-Signature: t=<unix seconds>,v1=<hex>`: HMAC-SHA256 of "<t>.<raw body>" keyed with the
 *   sha256 hex of the secret (we keep only that), within five minutes of now. The HMAC covers
 *   the body's bytes exactly as sent, whatever their encoding.
 */
export function authenticateSource(
  headers: { get(name: string): string | null },
  rawBody: string | Buffer,
  sources: SourceCredential[],
  nowMs: number,
): SourceCredential | null {
  const secret = headers.get('x-webhook-secret');
  if (secret) {
    const hash = sha256Hex(secret);
    let match: SourceCredential | null = null;
    for (const source of sources) {
      for (const candidate of source.secretHashes) if (equalHex(hash, candidate)) match = source;
    }
    return match;
  }

  const signature = parseSignature(headers.get('x-signature'));
  if (!signature) return null;
  if (Math.abs(nowMs / 1000 - signature.t) > SIGNATURE_TOLERANCE_SECONDS) return null;
  let match: SourceCredential | null = null;
  for (const source of sources) {
    for (const key of source.secretHashes) {
      const expected = createHmac('sha256', key).update(`${signature.t}.`).update(rawBody).digest('hex');
      if (signature.v1.some((given) => equalHex(expected, given))) match = source;
    }
  }
  return match;
}

/** `t=1700000000,v1=abc…[,v1=def…]` → its parts, or null when malformed. */
export function parseSignature(header: string | null): { t: number; v1: string[] } | null {
  if (!header) return null;
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) v1.push(value.toLowerCase());
  }
  return t !== null && v1.length > 0 ? { t, v1 } : null;
}

/** What a sender computes: the X-Signature header for a body (used by tests and docs). */
export function signBody(secret: string, rawBody: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', sha256Hex(secret)).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
