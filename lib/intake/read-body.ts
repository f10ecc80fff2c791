/**
 * The body's bytes, or null when there are more than maxBytes. Stops reading as soon as the
 * limit is passed, whatever Content-Length claims.
 */
export async function readBodyLimited(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer | null> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('windows-1252');

/** The body as text: UTF-8, or Windows-1252 (old PHP and form senders) when it is not UTF-8. */
export function decodeBody(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

const KEPT_HEADERS = ['content-type', 'content-length', 'user-agent', 'origin', 'referer', 'x-forwarded-for',
  'x-real-ip', 'idempotency-key', 'x-request-id'];

/** The request headers worth keeping with an intake: never the secret or the signature. */
export function headersOfInterest(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value.slice(0, 500);
  }
  return kept;
}
