import { afterEach, describe, expect, it, vi } from 'vitest';
import { Admission } from './admission';

afterEach(() => vi.useRealTimers());

describe('Admission', () => {
  it('admits up to the limit, then in arrival order as places are given back', async () => {
    const gate = new Admission(2, 1_000);
    const first = (await gate.enter())!;
    const second = (await gate.enter())!;
    const order: string[] = [];
    const third = gate.enter().then((release) => (order.push('third'), release));
    const fourth = gate.enter().then((release) => (order.push('fourth'), release));
    expect([gate.holders, gate.waiting]).toEqual([2, 2]);
    second();
    second(); // a second release of the same place gives nothing back
    await third;
    expect(order).toEqual(['third']);
    expect([gate.holders, gate.waiting]).toEqual([2, 1]);
    first();
    (await fourth)!();
    (await third)!();
    expect([gate.holders, gate.waiting]).toEqual([0, 0]);
  });

  it('lets a waiter whose client went away leave the line, and the next one in', async () => {
    const gate = new Admission(1, 10_000);
    const held = (await gate.enter())!;
    const gone = new AbortController();
    const leaving = gate.enter(gone.signal);
    const next = gate.enter();
    expect(gate.waiting).toBe(2);
    gone.abort();
    expect(await leaving).toBeNull();
    expect(gate.waiting).toBe(1);
    held();
    (await next)!();
    expect([gate.holders, gate.waiting]).toEqual([0, 0]);
    expect(await gate.enter(gone.signal)).toBeNull();
  });

  it('refuses when the wait runs out, and at once when the line is full', async () => {
    vi.useFakeTimers();
    const gate = new Admission(1, 500, 2);
    const held = (await gate.enter())!;
    const waiting = [gate.enter(), gate.enter()];
    expect(await gate.enter()).toBeNull();
    vi.advanceTimersByTime(499);
    expect(gate.waiting).toBe(2);
    vi.advanceTimersByTime(1);
    expect(await Promise.all(waiting)).toEqual([null, null]);
    expect(gate.waiting).toBe(0);
    held();
    expect(gate.holders).toBe(0);
    expect(await gate.enter()).toBeTypeOf('function');
  });
});
