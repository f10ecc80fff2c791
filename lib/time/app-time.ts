import 'server-only';
import { env } from '@/lib/env';
import { formatDateTime } from './format';

export const appTimeZone = env.APP_TIMEZONE;

/** A timestamp as the dashboard shows it: in the app's time zone (New York by default). */
export function showTime(value: Date | string | null): string {
  return value ? formatDateTime(value, appTimeZone) : '—';
}
