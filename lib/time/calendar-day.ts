import { z } from 'zod';

/**
 * A day as a query names it, YYYY-MM-DD, that is a real calendar day: 2026-13-45 matches the
 * pattern but is no date, and must be a 400 up front, not a failure in the middle of a query
 * (or of a streamed export).
 */
export const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, 'not a calendar date');
