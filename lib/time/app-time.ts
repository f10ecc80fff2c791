import 'server-only';
import { cache } from 'react';
import { db } from '@/lib/db/client';
import { readAppTimeZone } from '@/lib/settings/read-app-time-zone';
import { formatDateTime } from './format';

/**
 * The app time zone, owned by the database (setting `timezone`), so the dashboard shows the
 * same "today" that daily caps count. Read once per page render (React's cache); route
 * handlers and server actions read it on each call.
 */
export const appTimeZone = cache((): Promise<string> => readAppTimeZone(db()));

/** How the dashboard shows a timestamp: in the app time zone, '—' for none. */
export async function timeFormatter(): Promise<(value: Date | string | null) => string> {
  const timeZone = await appTimeZone();
  return (value) => (value ? formatDateTime(value, timeZone) : '—');
}
