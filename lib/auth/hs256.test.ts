import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tokenAlgorithm, verifyHs256 } from './hs256';

const SECRET = 'super-secret-jwt-token-with-at-least-32-characters';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function sign(claims: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }) {
  const head = `${b64(header)}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
const NOW = 1_800_000_000;
const good = { sub: '6f1c3c1e-0000-4000-8000-000000000001', aud: 'authenticated', role: 'authenticated', exp: NOW + 60 };

describe('verifyHs256', () => {
  it('returns the claims of a token signed with the secret', () => {
    expect(verifyHs256(sign(good), SECRET, NOW)).toEqual(good);
    expect(tokenAlgorithm(sign(good))).toBe('HS256');
  });

  it.each([
    ['another secret', sign(good, 'another-secret-of-at-least-32-characters!!')],
    ['an expired token', sign({ ...good, exp: NOW - 1 })],
    ['no expiry', sign({ ...good, exp: undefined })],
    ['another audience', sign({ ...good, aud: 'service' })],
    ['alg none in the header', sign(good, SECRET, { alg: 'none' })],
    ['a changed payload', (() => { const [h, , s] = sign(good).split('.'); return `${h}.${b64({ ...good, sub: 'someone-else' })}.${s}`; })()],
    ['garbage', 'not.a.token'],
    ['two parts', 'a.b'],
  ])('refuses %s', (_label, token) => {
    expect(verifyHs256(token, SECRET, NOW)).toBeNull();
  });
});
