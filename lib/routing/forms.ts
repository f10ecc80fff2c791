import { z } from 'zod';
import { editVersionSchema, formVersionText } from '@/lib/api/edit-version';
import { formCheckbox, formInto, formList, formOptionalNumber, formOptionalText, formText } from '@/lib/api/form-fields';
import { statusBodySchema } from './assign';
import { createCallerSchema, DAYS } from './caller-schema';

type DayField = `${(typeof DAYS)[number]}_${'from' | 'to'}`;

const dayFields = Object.fromEntries(DAYS.flatMap((day) => [[`${day}_from`, formText], [`${day}_to`, formText]])) as Record<DayField, typeof formText>;

/** datetime-local's value: it has no zone, and the form shows and means the app's time zone. */
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'use a date and a time');

/**
 * The caller form: the caller being edited (none when creating), the version it was opened at,
 * and its fields as save_caller takes them, except `away_until`, still in the app's time zone,
 * which the action converts.
 */
export const callerFormSchema = formInto(z
  .object({
    id: z.uuid().optional(),
    name: formText,
    email: formOptionalText,
    active: formCheckbox,
    assigned_states: formList,
    business_line: formOptionalText,
    languages: formText.transform((text) => text.split(/[\s,]+/).filter(Boolean).map((code) => code.toLowerCase())),
    daily_lead_limit: formOptionalNumber.transform((limit) => limit ?? 0),
    hourly_lead_limit: formOptionalNumber,
    max_open_leads: formOptionalNumber,
    always_available: formCheckbox,
    away_until: formOptionalText,
    version: formVersionText,
    ...dayFields,
  })
  .transform(({ always_available, ...form }) => ({
    id: form.id,
    name: form.name,
    email: form.email,
    active: form.active,
    assigned_states: form.assigned_states,
    business_line: form.business_line,
    languages: form.languages,
    daily_lead_limit: form.daily_lead_limit,
    hourly_lead_limit: form.hourly_lead_limit,
    max_open_leads: form.max_open_leads,
    // One span a day; a day without both ends is a day off.
    working_hours: always_available
      ? null
      : Object.fromEntries(DAYS.flatMap((day) => {
          const from = form[`${day}_from`];
          const to = form[`${day}_to`];
          return from && to ? [[day, [[from, to]]]] : [];
        })),
    away_until: form.away_until,
    version: form.version,
  })), createCallerSchema.extend({ id: z.uuid().optional(), away_until: localDateTime.nullable(), version: editVersionSchema.optional() }));

/** The lead page's assignment form: to the chosen caller, by the rules (no caller), or back to stock. */
export const routeLeadFormSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('assign'), id: z.uuid(), caller_id: formOptionalText.pipe(z.uuid().nullable()) }),
  z.object({ command: z.literal('unassign'), id: z.uuid() }),
]);

/** The lead page's progress form: the status picked by its button, and an optional note. */
export const leadStatusFormSchema = z.object({
  id: z.uuid(),
  status: statusBodySchema.shape.status,
  note: formText.pipe(z.string().max(2000)),
});
