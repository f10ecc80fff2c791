import { describe, expect, it } from 'vitest';
import { authenticateSource, parseSignature, sha256Hex, signBody } from './authenticate';

const now = Date.UTC(2026, 10, 21, 12, 0, 0);
const t = now / 1000;
const webhook = { id: 'a', name: 'webhook', secretHashes: [sha256Hex('current-secret-123456')], rateLimitPerMinute: null };
const rotating = { id: 'b', name: 'landing', secretHashes: [sha256Hex('new-secret-abcdefgh'), sha256Hex('old-secret-abcdefgh')], rateLimitPerMinute: null };
const sources = [webhook, rotating];
const headers = (entries: Record<string, string>) => new Headers(entries);

describe('authenticateSource with X-Webhook-Secret', () => {
  it('finds the source whose secret matches', () => {
    expect(authenticateSource(headers({ 'x-webhook-secret': 'current-secret-123456' }), '', sources, now)).toBe(webhook);
  });

  it('accepts both secrets of a source during a rotation', () => {
    expect(authenticateSource(headers({ 'x-webhook-secret': 'new-secret-abcdefgh' }), '', sources, now)).toBe(rotating);
    expect(authenticateSource(headers({ 'x-webhook-secret': 'old-secret-abcdefgh' }), '', sources, now)).toBe(rotating);
  });

  it.each(['wrong', '', 'current-secret-12345', 'current-secret-1234567'])('refuses %j', (secret) => {
    expect(authenticateSource(headers({ 'x-webhook-secret': secret }), '', sources, now)).toBeNull();
  });

  it('refuses a request with no credentials, or when no source is active', () => {
    expect(authenticateSource(headers({}), '{}', sources, now)).toBeNull();
    expect(authenticateSource(headers({ 'x-webhook-secret': 'current-secret-123456' }), '', [], now)).toBeNull();
  });
});

describe('authenticateSource with X-Signature', () => {
  const body = '{"phone":"5552345678"}';

  it('accepts a fresh signature of the exact body', () => {
    expect(authenticateSource(headers({ 'x-signature': signBody('current-secret-123456', body, t) }), body, sources, now)).toBe(webhook);
  });

  it('accepts signatures up to five minutes off either way', () => {
    for (const skew of [-300, 300]) {
      expect(authenticateSource(headers({ 'x-signature': signBody('new-secret-abcdefgh', body, t + skew) }), body, sources, now)).toBe(rotating);
    }
  });

  it.each([
    ['a stale timestamp', signBody('current-secret-123456', body, t - 301), body],
    ['a future timestamp', signBody('current-secret-123456', body, t + 301), body],
    ['another body', signBody('current-secret-123456', body, t), body + ' '],
    ['another secret', signBody('not-the-secret-000000', body, t), body],
    ['a malformed header', 'v1=deadbeef', body],
  ])('refuses %s', (_label, signature, sentBody) => {
    expect(authenticateSource(headers({ 'x-signature': signature }), sentBody, sources, now)).toBeNull();
  });
});

describe('parseSignature', () => {
  it('reads t and every v1', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    expect(parseSignature(`t=123, v1=${a},v1=${b}`)).toEqual({ t: 123, v1: [a, 'b'.repeat(64)] });
  });

  it.each([null, '', 't=1', `v1=${'a'.repeat(64)}`, `t=x,v1=${'a'.repeat(64)}`, 't=1,v1=short'])('rejects %j', (header) => {
    expect(parseSignature(header)).toBeNull();
  });
});
