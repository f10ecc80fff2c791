import { formatInTimeZone } from 'date-fns-tz';

export const DEFAULT_TIME_ZONE = 'America/New_York';

/** "Nov 21, 2026, 3:04 PM EST": how every timestamp is shown, in the app's time zone. */
export function formatDateTime(value: Date | string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return formatInTimeZone(value, timeZone, 'MMM d, yyyy, h:mm a zzz');
}

/** The calendar date (yyyy-MM-dd) of an instant in the app's time zone. */
export function localDate(value: Date | string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return formatInTimeZone(value, timeZone, 'yyyy-MM-dd');
}
