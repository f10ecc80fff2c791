import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, invalidRequest, mapError } from './errors';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('mapError', () => {
  it('passes ApiErrors through', () => {
    expect(mapError(new ApiError('not_found', 'order 1 not found'))).toMatchObject({
      status: 404, code: 'not_found', message: 'order 1 not found', expected: true,
    });
  });

  it('turns a client zod failure into 400 with the failing paths', () => {
    const result = z.object({ order: z.object({ quantity: z.number() }) }).safeParse({ order: { quantity: 'x' } });
    const mapped = mapError(invalidRequest(result.error!.issues));
    expect(mapped).toMatchObject({ status: 400, code: 'bad_request' });
    expect(mapped.details).toEqual([{ path: 'order.quantity', message: expect.any(String) }]);
  });

  it('treats a zod failure on our own data as internal', () => {
    const result = z.object({ lead_id: z.uuid() }).safeParse({ lead_id: 'x' });
    expect(mapError(result.error)).toEqual({ status: 500, code: 'internal_error', expected: false });
  });

  it.each([
    ['PT409', 409, 'conflict'],
    ['PT404', 404, 'not_found'],
    ['PT422', 422, 'unprocessable'],
    ['P0001', 400, 'bad_request'],
  ])('maps SQLSTATE %s raised by a SQL function to %i %s with its message', (code, status, name) => {
    expect(mapError(pgError(code, 'order 7 is already fulfilled'))).toMatchObject({
      status, code: name, message: 'order 7 is already fulfilled', expected: true,
    });
  });

  it.each(['ECONNREFUSED', 'CONNECT_TIMEOUT', '57P01', '53300', '40P01', '40001'])('maps %s to a retryable 503', (code) => {
    expect(mapError(pgError(code, 'connect ECONNREFUSED 127.0.0.1:5432'))).toMatchObject({ status: 503, code: 'unavailable' });
  });

  it('hides the text of anything unexpected', () => {
    const mapped = mapError(pgError('42P01', 'relation "secret_table" does not exist'));
    expect(mapped).toEqual({ status: 500, code: 'internal_error', expected: false });
    expect(mapError(new TypeError('x is undefined'))).toEqual({ status: 500, code: 'internal_error', expected: false });
  });
});
