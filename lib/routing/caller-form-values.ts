import { formatInTimeZone } from 'date-fns-tz';
import type { FieldChange } from '@/lib/api/edit-version';
import { DAYS } from './caller-schema';

/** What the caller form shows: a caller's fields, `away_until` as datetime-local text. */
export interface CallerFormValues {
  name: string;
  email: string | null;
  active: boolean;
  assigned_states: string[];
  business_line: string | null;
  languages: string[];
  daily_lead_limit: number;
  hourly_lead_limit: number | null;
  max_open_leads: number | null;
  working_hours: Partial<Record<(typeof DAYS)[number], [string, string][]>> | null;
  /** yyyy-MM-ddTHH:mm in the app's time zone, for datetime-local. */
  away_until_local: string;
  /** The caller's edit version, sent back with the save; none when creating one. */
  version?: number;
}

/**
 * A caller record as the form shows it: a row read by the page (dates as Date), or the JSON
 * of the current caller a refused save carries (dates as ISO text), in the app's time zone.
 */
export function callerFormValues(caller: Record<string, unknown>, timeZone: string): CallerFormValues {
  const awayUntil = caller.away_until as Date | string | null | undefined;
  return {
    name: String(caller.name ?? ''),
    email: (caller.email as string | null | undefined) ?? null,
    active: Boolean(caller.active),
    assigned_states: (caller.assigned_states as string[] | undefined) ?? [],
    business_line: (caller.business_line as string | null | undefined) ?? null,
    languages: (caller.languages as string[] | undefined) ?? [],
    daily_lead_limit: Number(caller.daily_lead_limit ?? 0),
    hourly_lead_limit: (caller.hourly_lead_limit as number | null | undefined) ?? null,
    max_open_leads: (caller.max_open_leads as number | null | undefined) ?? null,
    working_hours: (caller.working_hours as CallerFormValues['working_hours'] | undefined) ?? null,
    away_until_local: awayUntil ? formatInTimeZone(awayUntil, timeZone, "yyyy-MM-dd'T'HH:mm") : '',
    ...(typeof caller.version === 'number' ? { version: caller.version } : {}),
  };
}

const none = (value: number | null) => (value === null ? 'none' : String(value));

/** Each field as people read it, under the form's labels. */
const shown: [label: string, show: (values: CallerFormValues) => string][] = [
  ['Name', (v) => v.name],
  ['Email', (v) => v.email ?? ''],
  ['Active', (v) => (v.active ? 'yes' : 'no')],
  ['States', (v) => (v.assigned_states.length ? v.assigned_states.join(', ') : 'global pool')],
  ['Business line', (v) => v.business_line ?? 'any line'],
  ['Languages', (v) => v.languages.join(', ')],
  ['Daily lead limit', (v) => String(v.daily_lead_limit)],
  ['Hourly lead limit', (v) => none(v.hourly_lead_limit)],
  ['Max open leads', (v) => none(v.max_open_leads)],
  ['Working hours', (v) => (v.working_hours === null
    ? 'always available'
    : DAYS.flatMap((day) => (v.working_hours?.[day] ?? []).map(([from, to]) => `${day} ${from}–${to}`)).join(', ') || 'never')],
  ['Away until', (v) => v.away_until_local.replace('T', ' ')],
];

/** The fields that differ between two versions of a caller, as the form labels them. */
export function callerChanges(before: CallerFormValues, after: CallerFormValues): FieldChange[] {
  return shown.flatMap(([label, show]) => (show(before) === show(after) ? [] : [{ label, before: show(before), after: show(after) }]));
}
