import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, errorFields, errorTable, invalidRequest, mapError, statusOf } from './errors';

const raised = (code: string, message = 'order 7 is already fulfilled') => Object.assign(new Error(message), { code });

describe('errorTable', () => {
  it.each([
    ['bad_request', 400], ['invalid_payload', 400], ['unauthorized', 401], ['forbidden', 403], ['not_found', 404],
    ['conflict', 409], ['payload_too_large', 413], ['unprocessable', 422], ['rate_limited', 429],
    ['internal_error', 500], ['unavailable', 503],
  ] as const)('%s is HTTP %i', (code, status) => {
    expect(statusOf(code)).toBe(status);
  });

  it('names each thrown code once', () => {
    const all = Object.values(errorTable).flatMap((entry) => [...entry.raisedAs]);
    expect(new Set(all).size).toBe(all.length);
  });

  it('maps every PTxyz it lists to HTTP xyz, as PostgREST does', () => {
    for (const [code, { status, raisedAs }] of Object.entries(errorTable)) {
      for (const pt of raisedAs.filter((name) => name.startsWith('PT'))) expect([code, Number(pt.slice(2))]).toEqual([code, status]);
    }
  });
});

describe('mapError', () => {
  it.each([
    // SQL functions: readable messages, passed on.
    ['P0001', 400, 'bad_request'],
    ['PT400', 400, 'bad_request'],
    ['PT401', 401, 'unauthorized'],
    ['PT403', 403, 'forbidden'],
    ['PT404', 404, 'not_found'],
    ['PT409', 409, 'conflict'],
    ['PT413', 413, 'payload_too_large'],
    ['PT422', 422, 'unprocessable'],
    ['PT429', 429, 'rate_limited'],
  ] as const)('%s → %i %s with its message', (code, status, name) => {
    expect(mapError(raised(code))).toEqual({ status, code: name, message: 'order 7 is already fulfilled', expected: true });
  });

  it.each([
    'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED',
    '57P01', '57P02', '57P03', '53300', '08000', '08001', '08006', '40P01', '40001', '55P03',
  ])('%s → 503 unavailable, logged, without the driver\'s text', (code) => {
    expect(mapError(raised(code, 'connect ECONNREFUSED 127.0.0.1:5432'))).toEqual({ status: 503, code: 'unavailable', expected: false, retryAfter: 5 });
  });

  it.each([
    ['a SQLSTATE no function raises on purpose', raised('42P01', 'relation "secret_table" does not exist')],
    ['a PT code outside the closed set', raised('PT418', 'teapot')],
    ['a permission error', raised('42501', 'permission denied for function ingest_lead')],
    ['a TypeError', new TypeError('x is undefined')],
    ['a zod failure on our own data', z.object({ lead_id: z.uuid() }).safeParse({ lead_id: 'x' }).error],
    ['a thrown string', 'boom'],
  ])('hides %s behind 500 internal_error', (_label, error) => {
    expect(mapError(error)).toEqual({ status: 500, code: 'internal_error', expected: false });
  });

  it('passes ApiErrors through', () => {
    expect(mapError(new ApiError('not_found', 'order 1 not found'))).toEqual({
      status: 404, code: 'not_found', message: 'order 1 not found', details: undefined, expected: true,
    });
  });

  it('turns a client zod failure into 400 with the failing paths', () => {
    const result = z.object({ order: z.object({ quantity: z.number() }) }).safeParse({ order: { quantity: 'x' } });
    const mapped = mapError(invalidRequest(result.error!.issues));
    expect(mapped).toMatchObject({ status: 400, code: 'bad_request', message: 'invalid request' });
    expect(mapped.details).toEqual([{ path: 'order.quantity', message: expect.any(String) }]);
  });
});

describe('errorFields', () => {
  it.each([
    ['a message', new ApiError('conflict', 'already there'), { error: 'conflict', message: 'already there' }],
    ['no message but the code', new ApiError('unauthorized'), { error: 'unauthorized' }],
    ['details', invalidRequest([{ path: ['name'], message: 'too short' }]), { error: 'bad_request', message: 'invalid request', details: [{ path: 'name', message: 'too short' }] }],
    ['an unexpected error', new Error('secret'), { error: 'internal_error' }],
  ])('shows %s as a client sees it', (_label, error, fields) => {
    expect(errorFields(mapError(error))).toEqual(fields);
  });
});

describe('a save made from an older version (PT409 with the current record)', () => {
  const stale = (code: string, detail: unknown) => Object.assign(new Error('caller Ann was changed by someone else since version 3 (it is at version 4 now)'), { code, detail });
  const current = { id: 'c1', name: 'Ann', daily_lead_limit: 7, version: 4 };

  it('answers 409 conflict with the message and the current values from the DETAIL', () => {
    expect(mapError(stale('PT409', JSON.stringify(current)))).toEqual({
      status: 409, code: 'conflict', message: 'caller Ann was changed by someone else since version 3 (it is at version 4 now)', expected: true, current,
    });
    expect(errorFields(mapError(stale('PT409', JSON.stringify(current))))).toEqual({
      error: 'conflict', message: 'caller Ann was changed by someone else since version 3 (it is at version 4 now)', current,
    });
  });

  it.each([
    ['no DETAIL', undefined],
    ['a DETAIL that is not JSON', 'Key (email)=(a@b.c) already exists.'],
    ['a JSON DETAIL that is not an object', '[1,2]'],
    ['a JSON null', 'null'],
    ['a DETAIL that is not text', { version: 4 }],
  ])('is a plain conflict with %s', (_label, detail) => {
    const mapped = mapError(stale('PT409', detail));
    expect(mapped).toEqual({ status: 409, code: 'conflict', message: expect.any(String), expected: true });
    expect(errorFields(mapped)).not.toHaveProperty('current');
  });

  it.each(['PT422', 'PT404', '23505', '42P01', 'P0001'])('never echoes the DETAIL of %s, JSON or not', (code) => {
    const mapped = mapError(stale(code, JSON.stringify({ secret: 'internals' })));
    expect(mapped).not.toHaveProperty('current');
    expect(JSON.stringify(errorFields(mapped))).not.toContain('internals');
  });
});
