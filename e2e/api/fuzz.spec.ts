import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { MAX_BODY_BYTES } from '../../lib/intake/parse-body';
import { decodeBody } from '../../lib/intake/read-body';
import { sql } from '../support/database';

/*
 * The intake promise, over HTTP against the production build: whatever an authenticated sender
 * posts, the answer is JSON and never a 5xx, and the request is stored in lead_intake exactly
 * once (a batch once per item; nothing only for a body over the size limit).
 */

const port = Number(process.env.E2E_PORT ?? 3100);
const auth = { 'X-Webhook-Secret': process.env.WEBHOOK_SECRET! };
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type HeaderMap = Record<string, string>;
interface Sent {
  body: Buffer;
  headers: HeaderMap;
}
interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}
interface Reply {
  ok?: unknown;
  results?: unknown;
}

const statusCounts = new Map<number, number>();

test.afterAll(() => {
  const sent = [...statusCounts.values()].reduce((sum, n) => sum + n, 0);
  console.log(`[fault] fuzz of /api/ingest (fast-check) | sent ${sent} | statuses ${JSON.stringify(Object.fromEntries([...statusCounts].sort()))} | every request checked stored as sent (none lost or doubled)`);
});

/** A POST of exactly these bytes and headers: Playwright's request API would re-encode the body. */
function post({ body, headers }: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/ingest', agent: false, headers: { 'Content-Length': String(body.byteLength), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
          resolve({ status, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Never a 5xx (503 neither: the database is up), always a JSON answer that says `ok`. */
function expectAnswered(answer: Answer): Reply {
  expect(answer.status, answer.text).toBeLessThan(500);
  expect(answer.headers['content-type'], answer.text).toMatch(/^application\/json/);
  const reply = JSON.parse(answer.text) as Reply;
  expect(typeof reply.ok, answer.text).toBe('boolean');
  return reply;
}

/**
 * The rows a request left are what it sent: one row holding the body as the server decodes it
 * (PostgreSQL text cannot hold U+0000, stored as U+FFFD); a batch answered item by item leaves
 * one row per item, each holding that item's own text from the body, as written; a body over
 * the limit leaves none.
 */
function expectRows(rows: readonly { raw_body: string }[], sent: Buffer, status: number, reply: Reply): void {
  const text = decodeBody(sent).replaceAll('\u0000', '\uFFFD');
  if (sent.byteLength > MAX_BODY_BYTES) {
    expect(rows).toEqual([]);
  } else if (status === 200 && Array.isArray(reply.results)) {
    const items = JSON.parse(text.trim()) as unknown[];
    expect(rows).toHaveLength(items.length);
    expect(rows.filter((row) => !text.includes(row.raw_body)), 'rows that are not a part of the body').toEqual([]);
    const canonical = (values: unknown[]) => values.map((value) => JSON.stringify(value)).sort();
    expect(canonical(rows.map((row) => JSON.parse(row.raw_body) as unknown))).toEqual(canonical(items));
  } else {
    expect(rows.map((row) => row.raw_body)).toEqual([text]);
  }
}

/** Sends one request under a fresh X-Request-Id and checks the promise for it. */
async function expectStoredOnce(sent: Sent): Promise<void> {
  const requestId = randomUUID();
  const answer = await post({ body: sent.body, headers: { ...auth, 'X-Request-Id': requestId, ...sent.headers } });
  const reply = expectAnswered(answer);
  expect(answer.headers['x-request-id']).toBe(requestId);
  const rows = await sql<{ raw_body: string }[]>`select raw_body from public.lead_intake where request_id = ${requestId}`;
  expectRows(rows, sent.body, answer.status, reply);
}

/**
 * For requests that fuzz X-Request-Id itself: the row is found by a marker in the body, and
 * holds the id the answer names, the sender's own when it is a sane token.
 */
async function expectStoredOnceByMarker(headers: HeaderMap): Promise<void> {
  const marker = `fuzz-${randomUUID()}`;
  const body = Buffer.from(JSON.stringify({ first_name: 'Fuzz', marker }));
  // Only rows received since: searching every raw body would read the megabyte ones each time.
  const [{ since }] = await sql<[{ since: Date }]>`select clock_timestamp() as since`;
  const answer = await post({ body, headers: { ...auth, 'Content-Type': 'application/json', ...headers } });
  const reply = expectAnswered(answer);
  const rows = await sql<{ raw_body: string; request_id: string }[]>`
    select raw_body, request_id from public.lead_intake where received_at >= ${since} and strpos(raw_body, ${marker}) > 0`;
  expectRows(rows, body, answer.status, reply);
  const sentId = Object.entries(headers).find(([name]) => name.toLowerCase() === 'x-request-id')?.[1];
  expect(rows[0]!.request_id).toBe(answer.headers['x-request-id']);
  if (sentId !== undefined && SANE_REQUEST_ID.test(sentId)) expect(rows[0]!.request_id).toBe(sentId);
  else expect(rows[0]!.request_id).toMatch(UUID);
}

const check = (arbitrary: fc.Arbitrary<Sent>, numRuns: number) =>
  fc.assert(fc.asyncProperty(arbitrary, expectStoredOnce), { numRuns });

// ---- Generators ----------------------------------------------------------------------------

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const typed = (contentType: string): HeaderMap => ({ 'Content-Type': contentType });
const JSON_TYPE = typed('application/json');

const contentTypes: fc.Arbitrary<HeaderMap> = fc.oneof(
  fc.constantFrom<HeaderMap>(
    {}, JSON_TYPE, typed('text/plain'), typed('application/xml'), typed('application/x-www-form-urlencoded'),
    typed('multipart/form-data'), typed('multipart/form-data; boundary=fuzz'), typed('application/json; charset=iso-8859-1'),
    typed('application/vnd.api+json'), typed('*/*'), typed(';;'), typed(''),
  ),
  fc.string({ maxLength: 40 }).map((type) => typed(type.trim())),
);

// Keys the normalizer maps to lead fields, and keys that name Object.prototype members.
const leadKeys = ['first_name', 'lastName', 'Full Name', 'email', 'phone', 'mobile', 'tel', 'state', 'country', 'zip',
  'city', 'business_line', 'lang', 'document_type', 'document_number', 'click_id', 'idempotency_key', '__proto__', 'constructor'];
const key = fc.oneof(fc.constantFrom(...leadKeys), fc.string(), fc.string({ unit: 'binary' }));
const lead = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 12 });

const withContentType = (bodies: fc.Arbitrary<Buffer>, types: fc.Arbitrary<HeaderMap> = contentTypes) =>
  fc.record({ body: bodies, headers: types });

const randomJson = withContentType(
  fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'binary' }), lead, fc.array(lead, { minLength: 1, maxLength: 5 }))
    .map((value) => utf8(JSON.stringify(value))),
  fc.constantFrom(JSON_TYPE, {}, typed('text/plain')),
);

const randomBytes = withContentType(fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes)));

// Overlong, surrogate, truncated, out of range, stray continuation, a lone Latin-1 byte.
const invalidSequences = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe9]];
const spliced = (body: Buffer, cuts: readonly [number, number[]][]) =>
  cuts.reduce((bytes, [at, inserted]) => {
    const i = at % (bytes.byteLength + 1);
    return Buffer.concat([bytes.subarray(0, i), Buffer.from(inserted), bytes.subarray(i)]);
  }, body);
const formEncoded = (fields: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(fields).map(([name, value]) => [name, JSON.stringify(value)])).toString();
const invalidUtf8 = withContentType(
  fc.tuple(
    fc.oneof(lead.map((fields) => JSON.stringify(fields)), lead.map(formEncoded)),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...invalidSequences)), { minLength: 1, maxLength: 6 }),
  ).map(([text, cuts]) => spliced(utf8(text), cuts)),
  fc.constantFrom(JSON_TYPE, {}, typed('application/x-www-form-urlencoded'), typed('text/plain; charset=windows-1252')),
);

const withNul = fc.tuple(fc.string(), fc.string()).map(([before, after]) => `${before}\u0000${after}`);
const nul = withContentType(
  fc.oneof(
    fc.dictionary(fc.oneof(withNul, key), fc.oneof(withNul, fc.jsonValue())).map((fields) => JSON.stringify(fields)),
    fc.array(fc.dictionary(withNul, withNul), { minLength: 1, maxLength: 3 }).map((items) => JSON.stringify(items)),
    // A raw NUL inside a JSON string is not JSON: rejected, but still stored.
    fc.dictionary(key, withNul).map((fields) => JSON.stringify(fields).replaceAll('\\u0000', '\u0000')),
    fc.tuple(withNul, withNul).map(([name, value]) => `${name}=${value}&phone=%00555`),
  ).map(utf8),
  fc.constantFrom(JSON_TYPE, {}, typed('application/x-www-form-urlencoded')),
);

const nested = (depth: number, kind: 'array' | 'object') =>
  kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deep = withContentType(
  fc.record({
    depth: fc.integer({ min: 33, max: 10_000 }),
    kind: fc.constantFrom('array' as const, 'object' as const),
    place: fc.constantFrom('top', 'batch item', 'lead field'),
  }).map(({ depth, kind, place }) => {
    const value = nested(depth, kind);
    if (place === 'top') return utf8(value);
    if (place === 'batch item') return utf8(`[{"first_name":"Deep"},{"first_name":"Deeper","extra":${value}}]`);
    return utf8(`{"first_name":"Deep","phone":${value}}`);
  }),
  fc.constantFrom(JSON_TYPE, {}, typed('text/plain')),
);

// Strings up to the body limit: a run of one small piece, which can be whitespace, escapes or
// multi-byte characters, between short ends, under a lead field or any key.
const huge = fc.record({
  key,
  ends: fc.tuple(fc.constantFrom('', '1', '+1', 'x', 'a@b.co'), fc.constantFrom('', '1', 'x', '.com')),
  piece: fc.oneof(
    fc.constantFrom(' ', '\t', '\u3000'),
    fc.string({ unit: fc.constantFrom('1', 'x', 'é', '"', '\\', '%', '&', '=', '+', '😀', '\u0000', ' '), minLength: 1, maxLength: 4 }),
  ),
  size: fc.integer({ min: 1_000, max: 1_000_000 }),
  form: fc.boolean(),
}).map(({ key, ends: [start, end], piece, size, form }): Sent => {
  const encode = form ? encodeURIComponent : (text: string) => JSON.stringify(text).slice(1, -1);
  const value = start + piece.repeat(Math.max(1, Math.floor(size / Buffer.byteLength(encode(piece))))) + end;
  return form
    ? { body: utf8(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`), headers: typed('application/x-www-form-urlencoded') }
    : { body: utf8(JSON.stringify({ [key]: value })), headers: JSON_TYPE };
});

const entriesText = (entries: readonly [string, unknown][]) =>
  `{${entries.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`).join(',')}}`;
const duplicateKeys = withContentType(
  fc.array(fc.tuple(fc.constantFrom('phone', 'email', 'first_name', 'a', '__proto__'), fc.jsonValue({ maxDepth: 1 })), { minLength: 2, maxLength: 10 })
    .chain((entries) => fc.constantFrom(entriesText(entries), `[${entriesText(entries)},${entriesText(entries.toReversed())}]`))
    .map(utf8),
  fc.constantFrom(JSON_TYPE, {}),
);

const topLevel = withContentType(
  fc.oneof(
    fc.jsonValue().filter((value) => typeof value !== 'object' || value === null).map((value) => JSON.stringify(value)),
    fc.constantFrom('[]', '[[]]', '[null]', '""', '1e400', '-0', 'null', 'true', ' 7 ', '"a=b"'),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 10 }).map((items) => JSON.stringify(items)),
    // Either side of the batch limit: a 413 above it, the body still stored raw once.
    fc.integer({ min: 495, max: 505 }).map((length) => JSON.stringify(Array.from({ length }, (_, i) => i))),
  ).map(utf8),
  fc.constantFrom(JSON_TYPE, {}, typed('text/plain')),
);

const multipart = fc.record({
  boundary: fc.stringMatching(/^[A-Za-z0-9_-]{1,70}$/),
  declared: fc.constantFrom('same', 'other', 'none'),
  parts: fc.array(fc.record({ name: fc.string(), value: fc.string({ unit: 'binary' }), file: fc.boolean() }), { maxLength: 5 }),
  eol: fc.constantFrom('\r\n', '\n'),
  tail: fc.oneof(fc.constant('--'), fc.string()),
}).map(({ boundary, declared, parts, eol, tail }): Sent => {
  const part = ({ name, value, file }: (typeof parts)[number]) =>
    `--${boundary}${eol}Content-Disposition: form-data; name="${name}"${file ? '; filename="f.txt"' : ''}${eol}${eol}${value}${eol}`;
  const body = parts.map(part).join('') + `--${boundary}${tail}${eol}`;
  const type = {
    same: `multipart/form-data; boundary="${boundary}"`,
    other: 'multipart/form-data; boundary=other',
    none: 'multipart/form-data',
  }[declared];
  return { body: utf8(body), headers: typed(type) };
});
const wrongContentTypes = fc.oneof(
  withContentType(fc.oneof(lead.map((fields) => JSON.stringify(fields)), fc.string({ unit: 'binary' })).map(utf8)),
  multipart,
);

// Pairs with broken %-escapes, escapes of invalid UTF-8 and NUL, and stray separators.
const formPiece = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('%', '%G1', '%e9', '%00', '%ED%A0%80', '%%', '+', '=', '&', '%FF%FE', '%C3', '%u00e9'),
);
const formPair = fc.tuple(fc.oneof(fc.constantFrom(...leadKeys), formPiece), fc.constantFrom('=', '', '=='), fc.array(formPiece, { maxLength: 4 }));
const formJunk = withContentType(
  fc.array(formPair, { maxLength: 20 }).map((pairs) => utf8(pairs.map(([name, eq, value]) => name + eq + value.join('')).join('&'))),
  fc.constantFrom(typed('application/x-www-form-urlencoded'), {}, typed('application/x-www-form-urlencoded; charset=utf-8')),
);

// Half a surrogate pair, as a JSON escape (valid JSON, a lone surrogate once parsed) or as the
// three bytes an encoder that does not check would write (invalid UTF-8).
const half = fc.integer({ min: 0xd800, max: 0xdfff });
const wtf8 = (unit: number) => Buffer.from([0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]);
const jsonStringPart = fc.oneof(
  fc.string().map((text) => JSON.stringify(text).slice(1, -1)),
  half.map((unit) => `\\u${unit.toString(16)}`),
  fc.constant('\\ud83d\\ude00'),
);
const escapedString = fc.array(jsonStringPart, { minLength: 1, maxLength: 4 }).map((parts) => `"${parts.join('')}"`);
const escapedName = fc.oneof(escapedString, fc.constantFrom(...leadKeys).map((name) => JSON.stringify(name)));
const percentEscaped = (bytes: Buffer) => [...bytes].map((byte) => `%${byte.toString(16)}`).join('');
const loneSurrogates = withContentType(
  fc.oneof(
    fc.array(fc.tuple(escapedName, escapedString), { minLength: 1, maxLength: 6 })
      .chain((entries) => {
        const object = `{${entries.map(([name, value]) => `${name}:${value}`).join(',')}}`;
        return fc.constantFrom(object, `[${object}]`);
      })
      .map(utf8),
    fc.tuple(fc.constantFrom(...leadKeys), half, fc.boolean()).map(([name, unit, form]) =>
      form
        ? Buffer.concat([utf8(`${name}=a`), wtf8(unit), utf8(`b&x=${percentEscaped(wtf8(unit))}`)])
        : Buffer.concat([utf8(`{"${name}":"a`), wtf8(unit), utf8('b"}')])),
  ),
  fc.constantFrom(JSON_TYPE, {}, typed('application/x-www-form-urlencoded')),
);

// What a header value can carry on the wire: visible ASCII, spaces inside, obs-text (0x80-0xFF).
const obsText = fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code));
const headerText = fc.string({ unit: fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), obsText), minLength: 1, maxLength: 64 });
const tenKb = (text: string) => text.repeat(Math.ceil(10_240 / text.length)).slice(0, 10_240);
const onWire = (text: string) => text.replace(/^[ \t]+|[ \t]+$/g, '') || 'x';
const headerNames = ['Idempotency-Key', 'X-Request-Id', 'User-Agent', 'Content-Type', 'Referer', 'Origin', 'X-Forwarded-For',
  'X-Real-IP', 'Accept', 'Accept-Encoding', 'Cookie', 'X-Signature', 'Next-Action', 'Next-Router-State-Tree', 'RSC'];

// ---- Properties ------------------------------------------------------------------------------

test.describe('POST /api/ingest under fuzzing: a JSON answer below 500 and the request stored once', () => {
  test('random JSON values, leads and batches', async () => check(randomJson, 120));
  test('random bytes under any content type', async () => check(randomBytes, 100));
  test('invalid UTF-8 in JSON and form bodies', async () => check(invalidUtf8, 100));
  test('NUL in keys, values, raw JSON and forms', async () => check(nul, 100));
  test('nesting up to 10,000 deep, at the top, in a batch item, in a lead field', async () => check(deep, 30));
  test('strings up to the body limit', async () => {
    test.setTimeout(60_000);
    await check(huge, 20);
  });
  test('duplicate keys in JSON text', async () => check(duplicateKeys, 100));
  test('scalars and arrays at the top level', async () => check(topLevel, 100));
  test('wrong content types and multipart junk', async () => check(wrongContentTypes, 100));
  test('form-encoded junk', async () => check(formJunk, 100));
  test('lone surrogates, escaped and raw', async () => check(loneSurrogates, 100));

  test('10 KB header values', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...headerNames), headerText, async (name, text) => {
      await expectStoredOnceByMarker({ [name]: onWire(tenKb(text)) });
    }), { numRuns: 50 });
  });

  test('any X-Request-Id: the sane ones are kept, the others replaced', async () => {
    const requestId = fc.oneof(fc.stringMatching(SANE_REQUEST_ID), headerText.map(onWire), fc.constantFrom('x'.repeat(128), 'x'.repeat(129), '<script>', 'a b'));
    await fc.assert(fc.asyncProperty(requestId, async (id) => expectStoredOnceByMarker({ 'X-Request-Id': id })), { numRuns: 100 });
  });
});

// ---- Extreme cases, one test each so that a failure names it ---------------------------------

test.describe('POST /api/ingest: extreme cases', () => {
  const keys100k = Array.from({ length: 100_000 }, (_, i) => i.toString(36));
  const cases: [string, Sent][] = [
    ['a 10,000-deep array', { body: utf8(nested(10_000, 'array')), headers: JSON_TYPE }],
    ['a 10,000-deep object', { body: utf8(nested(10_000, 'object')), headers: JSON_TYPE }],
    ['a 10,000-deep value in a batch item', { body: utf8(`[{"first_name":"Deep"},{"extra":${nested(10_000, 'array')}}]`), headers: JSON_TYPE }],
    ['a 10,000-deep value in a lead field', { body: utf8(`{"phone":${nested(10_000, 'object')}}`), headers: JSON_TYPE }],
    ['100,000 keys in JSON', { body: utf8(`{${keys100k.map((name) => `"${name}":0`).join(',')}}`), headers: JSON_TYPE }],
    // Reading a form's names with getAll() one by one once took a minute of CPU here.
    ['100,000 keys in a form', { body: utf8(keys100k.map((name) => `${name}=1`).join('&')), headers: typed('application/x-www-form-urlencoded') }],
    ['a batch of 501 items', { body: utf8(JSON.stringify(Array.from({ length: 501 }, (_, i) => ({ first_name: `Item ${i}` })))), headers: JSON_TYPE }],
    ['100,000 repeats of one JSON key', { body: utf8(`{${'"phone":0,'.repeat(100_000)}"phone":1}`), headers: JSON_TYPE }],
    // Every run of whitespace between digits once cost the phone normalizer time quadratic in its length.
    ['a phone number padded with a million spaces', { body: utf8(`{"phone":"1${' '.repeat(1_000_000)}1"}`), headers: JSON_TYPE }],
    ['a phone number padded with a million spaces, form-encoded', { body: utf8(`tel=1${'+'.repeat(1_000_000)}1`), headers: typed('application/x-www-form-urlencoded') }],
  ];
  for (const [label, sent] of cases) {
    test(label, async () => {
      expect(sent.body.byteLength).toBeLessThanOrEqual(MAX_BODY_BYTES);
      await expectStoredOnce(sent);
    });
  }

  for (const name of ['Idempotency-Key', 'X-Request-Id', 'User-Agent', 'Content-Type']) {
    test(`a 10 KB ${name}`, async () => {
      await expectStoredOnceByMarker({ [name]: name === 'Content-Type' ? `application/json; ${tenKb('x')}` : tenKb('k') });
    });
  }
});
