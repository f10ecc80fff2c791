import { describe, expect, it } from 'vitest';
import { decodeBody, headersOfInterest, readBodyLimited } from './read-body';

const stream = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });

describe('readBodyLimited', () => {
  it('reads a body in pieces, multi-byte characters intact', async () => {
    const bytes = new TextEncoder().encode('{"name":"José"}');
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 13)); // cuts "é" in half
        controller.enqueue(bytes.slice(13));
        controller.close();
      },
    });
    expect(decodeBody((await readBodyLimited(split, 1024))!)).toBe('{"name":"José"}');
  });

  it('stops at the limit', async () => {
    expect((await readBodyLimited(stream('12345', '67890'), 10))?.toString()).toBe('1234567890');
    expect(await readBodyLimited(stream('12345', '678901'), 10)).toBeNull();
  });

  it('treats a missing body as empty', async () => {
    expect((await readBodyLimited(null, 10))?.length).toBe(0);
  });
});

describe('decodeBody', () => {
  it('reads UTF-8, and Windows-1252 from senders that are not UTF-8', () => {
    expect(decodeBody(Buffer.from('name=José', 'utf8'))).toBe('name=José');
    expect(decodeBody(Buffer.from([0x6e, 0x3d, 0x4a, 0x6f, 0x73, 0xe9]))).toBe('n=José');
  });
});

describe('headersOfInterest', () => {
  it('keeps what helps trace a request and never the credentials', () => {
    const kept = headersOfInterest(new Headers({
      'Content-Type': 'application/json', 'User-Agent': 'Make/production', 'X-Forwarded-For': '203.0.113.5',
      'X-Webhook-Secret': 'whsec_secret', 'X-Signature': 't=1,v1=ab', Authorization: 'Bearer x', Cookie: 'a=b',
    }));
    expect(kept).toEqual({ 'content-type': 'application/json', 'user-agent': 'Make/production', 'x-forwarded-for': '203.0.113.5' });
  });
});
