import { describe, expect, it } from 'vitest';
import { offsetOf, paginationSchema, toPage } from './pagination';

describe('pagination', () => {
  it('defaults to page 1 of 50', () => {
    expect(paginationSchema.parse({})).toEqual({ page: 1, per_page: 50 });
  });

  it.each([{ page: '0' }, { page: '-1' }, { page: '1.5' }, { per_page: '201' }, { per_page: 'all' }])(
    'rejects %o',
    (input) => {
      expect(paginationSchema.safeParse(input).success).toBe(false);
    },
  );

  it('computes offsets', () => {
    expect(offsetOf({ page: 3, per_page: 20 })).toBe(40);
  });

  it('takes the total from the window count and strips it from rows', () => {
    expect(toPage([{ id: 'a', total: '41' }, { id: 'b', total: '41' }], { page: 3, per_page: 20 })).toEqual({
      data: [{ id: 'a' }, { id: 'b' }],
      page: 3,
      per_page: 20,
      total: 41,
    });
    expect(toPage([], { page: 9, per_page: 20 }).total).toBe(0);
  });
});
