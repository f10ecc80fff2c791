import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, MAX_JSON_NODES, shapeProblem } from './json-shape';

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('shapeProblem', () => {
  it('lets ordinary leads, batches and scalars through', () => {
    expect(shapeProblem({ first_name: 'Ann', tags: ['a', 'b'], extra: { utm: { source: 'x' } } })).toBeNull();
    expect(shapeProblem(Array.from({ length: 500 }, (_, i) => ({ phone: String(i) })))).toBeNull();
    expect(shapeProblem('text')).toBeNull();
    expect(shapeProblem(nested(MAX_JSON_DEPTH))).toBeNull();
  });

  it('refuses one level too deep, and a body 500,000 levels deep without overflowing the stack', () => {
    expect(shapeProblem(nested(MAX_JSON_DEPTH + 1))).toBe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(shapeProblem(nested(500_000))).toBe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(shapeProblem({ lead: { first_name: nested(40) } })).toMatch(/deeper/);
  });

  it('refuses more keys and items than the limit, counted over every level', () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_JSON_NODES + 1 }, (_, i) => [`k${i}`, i]));
    expect(shapeProblem(wide)).toBe(`JSON with more than ${MAX_JSON_NODES} keys and items`);
    expect(shapeProblem([{ a: Array.from({ length: MAX_JSON_NODES }, () => 1) }])).toMatch(/more than/);
  });
});
