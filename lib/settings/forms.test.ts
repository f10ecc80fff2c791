import { describe, expect, it } from 'vitest';
import { settingFormSchema, settingValueFromText, settingValueToText } from './forms';

describe('setting values typed into the form', () => {
  it.each([
    ['24', 24],
    ['0.2', 0.2],
    ['"stock"', 'stock'],
    ['stock', 'stock'],
    ['America/Chicago', 'America/Chicago'],
    ['true', true],
  ])('reads %s as %j', (text, value) => {
    expect(settingValueFromText(text)).toEqual(value);
  });

  it('shows strings bare and the rest as JSON, so that reading it back gives the same value', () => {
    for (const value of ['America/New_York', 'fewest_today', 24, 0.2]) {
      expect(settingValueFromText(settingValueToText(value))).toEqual(value);
    }
  });

  it('refuses an empty value rather than saving an empty string', () => {
    expect(settingFormSchema.safeParse({ key: 'timezone', value: '  ' }).success).toBe(false);
    expect(settingFormSchema.parse({ key: 'timezone', value: ' Asia/Tokyo ' })).toEqual({ key: 'timezone', value: 'Asia/Tokyo' });
  });
});
