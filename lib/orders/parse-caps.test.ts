import { describe, expect, it } from 'vitest';
import { parseCaps } from './parse-caps';

describe('parseCaps', () => {
  it.each([
    ['', {}],
    ['CA=5', { CA: 5 }],
    ['ca = 5, NY:3', { CA: 5, NY: 3 }],
    ['CA=5\nTX=\n\nfl=0', { CA: 5, TX: null, FL: 0 }],
  ])('%j → %j', (text, caps) => {
    expect(parseCaps(text)).toEqual({ ok: true, caps });
  });

  it.each(['CA', 'California=5', 'CA=-1', 'CA=five'])('refuses %j, quoting it', (text) => {
    const result = parseCaps(text);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(`"${text}"`);
  });
});
