import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name';

const NAMES = ['create_order', 'fulfill_order', 'delete_order', 'get_orders', 'get_leads', 'get_stats'];

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['fulfil_order', 'fulfill_order', 1],
    ['get_order', 'get_orders', 1],
    ['flaw', 'lawn', 2],
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestName', () => {
  it.each([
    ['fulfil_order', 'fulfill_order'],
    ['FULFILL_ORDER', 'fulfill_order'],
    ['get_order', 'get_orders'],
    ['get_lead', 'get_leads'],
    ['delete_ordr', 'delete_order'],
    ['get_stat', 'get_stats'],
    ['creat_ordr', 'create_order'],
  ])('%s → %s', (typed, expected) => {
    expect(closestName(typed, NAMES)).toBe(expected);
  });

  it.each(['refund', 'orders', 'make_order', 'createorderzz', ''])('suggests nothing for %j', (typed) => {
    expect(closestName(typed, NAMES)).toBeNull();
  });

  it('takes the nearer of two candidates, and the first of a tie', () => {
    expect(closestName('get_leeds', NAMES)).toBe('get_leads');
    expect(closestName('ab', ['ax', 'ay'])).toBe('ax');
  });

  it('honours the distance given', () => {
    expect(closestName('creat_ordr', NAMES, 1)).toBeNull();
  });
});
