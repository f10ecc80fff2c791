import { describe, expect, it, vi } from 'vitest';
import { answerEach, type BatchOptions } from './batch';
import { ApiError, invalidRequest } from './errors';

const raised = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const options = (overrides: Partial<BatchOptions> = {}): BatchOptions => ({
  concurrency: 2, onUnexpected: vi.fn(), ...overrides,
});

describe('answerEach', () => {
  it('answers each item in order, its index first, failures in the shape of a whole request\'s', async () => {
    const onUnexpected = vi.fn();
    const boom = new TypeError('x is undefined');
    const results = await answerEach(['ok', 'missing', 'bad', 'kept', 'boom'], async (item) => {
      if (item === 'missing') throw raised('PT404', 'lead 9 not found');
      if (item === 'bad') throw invalidRequest([{ path: ['type'], message: 'use lowercase' }]);
      if (item === 'kept') return { ok: false as const, error: 'invalid_payload' as const, message: 'item is not an object', intake_id: 'i-1' };
      if (item === 'boom') throw boom;
      return { ok: true as const, value: item };
    }, options({ onUnexpected }));
    expect(results).toEqual([
      { index: 0, ok: true, value: 'ok' },
      { index: 1, ok: false, error: 'not_found', message: 'lead 9 not found' },
      { index: 2, ok: false, error: 'bad_request', message: 'invalid request', details: [{ path: 'type', message: 'use lowercase' }] },
      { index: 3, ok: false, error: 'invalid_payload', message: 'item is not an object', intake_id: 'i-1' },
      { index: 4, ok: false, error: 'internal_error' },
    ]);
    expect(onUnexpected).toHaveBeenCalledExactlyOnceWith(boom, 4);
  });

  it('keeps one item\'s outage as its answer while others were stored', async () => {
    const results = await answerEach([1, 2], async (n) => {
      if (n === 2) throw raised('57P01');
      return { ok: true as const };
    }, options());
    expect(results).toEqual([{ index: 0, ok: true }, { index: 1, ok: false, error: 'unavailable' }]);
  });

  it('refuses the whole request when the role check refuses an item, after the ones in flight, starting no further items', async () => {
    const refused = raised('PT403', 'only admins and managers can record events');
    const started: number[] = [];
    let finishedInFlight = false;
    const failing = answerEach([1, 2, 3, 4, 5], async (n) => {
      started.push(n);
      if (n === 1) throw refused;
      await new Promise((resolve) => setTimeout(resolve, 20));
      finishedInFlight = true;
      return { ok: true as const };
    }, options());
    await expect(failing).rejects.toBe(refused);
    // Item 2 was in flight (concurrency 2) and finished; 3, 4 and 5 never started.
    expect(started).toEqual([1, 2]);
    expect(finishedInFlight).toBe(true);
  });

  it('throws the first outage itself when every item found the database away, so its cause is logged', async () => {
    const outage = raised('ECONNREFUSED');
    await expect(answerEach([1, 2], async () => {
      throw outage;
    }, options())).rejects.toBe(outage);
  });

  it('answers an empty batch with no results', async () => {
    expect(await answerEach([], async () => ({ ok: true as const }), options())).toEqual([]);
  });

  it('lets expected errors through without reporting them', async () => {
    const onUnexpected = vi.fn();
    await answerEach([1], async () => {
      throw new ApiError('conflict', 'already fulfilled');
    }, options({ onUnexpected }));
    expect(onUnexpected).not.toHaveBeenCalled();
  });
});
