import { formatInTimeZone } from 'date-fns-tz';

/** "Nov 21, 2026, 3:04 PM EST": how every timestamp is shown, in the app's time zone. */
export function formatDateTime(value: Date | string, timeZone: string): string {
  return formatInTimeZone(value, timeZone, 'MMM d, yyyy, h:mm a zzz');
}
