'use server';

import { fromZonedTime } from 'date-fns-tz';
import { redirect } from 'next/navigation';
import { viewerAction } from '@/lib/auth/viewer-action';
import { callerFormSchema } from '@/lib/routing/forms';
import { saveCaller } from '@/lib/routing/save-caller';
import { appTimeZone } from '@/lib/time/app-time';

/**
 * Creates a caller, or saves the one the form edits from the version it was opened at (a caller
 * changed by someone else since then is refused with the current values), then back to the list.
 */
export const saveCallerAction = viewerAction(callerFormSchema, async ({ id, away_until, version, ...fields }, { viewer }) => {
  // datetime-local has no zone: the form shows and means the app's time zone.
  const awayUntil = away_until ? fromZonedTime(away_until, await appTimeZone()).toISOString() : null;
  await saveCaller(viewer, id ?? null, { ...fields, away_until: awayUntil }, version);
  redirect('/callers');
});
