'use server';

import { fromZonedTime } from 'date-fns-tz';
import { redirect } from 'next/navigation';
import { mapError } from '@/lib/api/errors';
import { currentViewer } from '@/lib/auth/current-viewer';
import { callerFieldsSchema, createCallerSchema } from '@/lib/routing/caller-schema';
import { saveCaller } from '@/lib/routing/save-caller';
import { appTimeZone } from '@/lib/time/app-time';

export interface CallerFormState {
  error?: string;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const optionalInt = (value: FormDataEntryValue | null) => (value === null || String(value).trim() === '' ? null : Number(value));

/** The caller form's fields as save_caller takes them. */
function readForm(form: FormData) {
  const hours = form.get('always_available') === 'on'
    ? null
    : Object.fromEntries(DAYS.flatMap((day) => {
        const from = String(form.get(`${day}_from`) ?? '');
        const to = String(form.get(`${day}_to`) ?? '');
        return from && to ? [[day, [[from, to]]]] : [];
      }));
  const away = String(form.get('away_until') ?? '');
  return {
    name: String(form.get('name') ?? ''),
    email: String(form.get('email') ?? '').trim() || null,
    active: form.get('active') === 'on',
    assigned_states: form.getAll('assigned_states').map(String),
    business_line: String(form.get('business_line') ?? '') || null,
    languages: String(form.get('languages') ?? '').split(/[\s,]+/).filter(Boolean).map((l) => l.toLowerCase()),
    daily_lead_limit: Number(form.get('daily_lead_limit') ?? 0),
    hourly_lead_limit: optionalInt(form.get('hourly_lead_limit')),
    max_open_leads: optionalInt(form.get('max_open_leads')),
    working_hours: hours,
    // datetime-local has no zone: the form shows and means the app's time zone.
    away_until: away ? fromZonedTime(away, appTimeZone).toISOString() : null,
  };
}

export async function saveCallerAction(id: string | null, _state: CallerFormState, form: FormData): Promise<CallerFormState> {
  const parsed = (id ? callerFieldsSchema : createCallerSchema).safeParse(readForm(form));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `${issue.path.join('.') || 'form'}: ${issue.message}` };
  }
  try {
    await saveCaller(await currentViewer(), id, parsed.data);
  } catch (error) {
    const mapped = mapError(error);
    if (!mapped.expected) throw error;
    return { error: mapped.message ?? mapped.code };
  }
  redirect('/callers');
}
