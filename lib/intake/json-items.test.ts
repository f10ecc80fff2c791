import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonArrayItemTexts } from './json-items';

describe('jsonArrayItemTexts', () => {
  it('gives each item as written', () => {
    const text = ' [ {"a": 1, "a": 2} ,\n "x,]}\\"" , 12345678901234567890, [1, [2]], {} ]';
    expect(jsonArrayItemTexts(text)).toEqual(['{"a": 1, "a": 2}', '"x,]}\\""', '12345678901234567890', '[1, [2]]', '{}']);
    expect(jsonArrayItemTexts('[]')).toEqual([]);
    expect(jsonArrayItemTexts('[ ]')).toEqual([]);
  });

  it('splits any array into texts that parse back to its items, however it is spaced', () => {
    fc.assert(fc.property(fc.array(fc.jsonValue()), fc.constantFrom(undefined, 1, '\t'), (items, indent) => {
      const texts = jsonArrayItemTexts(JSON.stringify(items, null, indent));
      expect(texts.map((text) => JSON.parse(text) as unknown)).toEqual(JSON.parse(JSON.stringify(items)));
    }), { numRuns: 300 });
  });
});
