import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format';

describe('formatDateTime', () => {
  it.each([
    // Winter: UTC-5 (EST).
    ['2026-01-15T17:30:00Z', 'Jan 15, 2026, 12:30 PM EST'],
    // Summer: UTC-4 (EDT).
    ['2026-07-04T16:00:00Z', 'Jul 4, 2026, 12:00 PM EDT'],
    // The last minute before clocks go forward on 2026-03-08, and the first after.
    ['2026-03-08T06:59:00Z', 'Mar 8, 2026, 1:59 AM EST'],
    ['2026-03-08T07:00:00Z', 'Mar 8, 2026, 3:00 AM EDT'],
    // 1:30 AM happens twice on 2026-11-01; the zone name tells them apart.
    ['2026-11-01T05:30:00Z', 'Nov 1, 2026, 1:30 AM EDT'],
    ['2026-11-01T06:30:00Z', 'Nov 1, 2026, 1:30 AM EST'],
  ])('shows %s as %s in New York', (utc, shown) => {
    expect(formatDateTime(utc, 'America/New_York')).toBe(shown);
  });

  it('honours another zone', () => {
    expect(formatDateTime('2026-01-15T17:30:00Z', 'America/Los_Angeles')).toBe('Jan 15, 2026, 9:30 AM PST');
  });
});
