import { z } from 'zod';
import { editVersionSchema } from '@/lib/api/edit-version';

/** The days of working_hours, in the order the caller form shows them. */
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Weekly hours in the app time zone, e.g. {"mon":[["09:00","17:00"]]}; null = always available.
 * Only the shape is checked here: the format (days, HH:MM, spans that end after they start) is
 * the database's rule (private.working_hours_problem), and save_caller answers with its words.
 */
export const workingHoursSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))).nullable();

/** The fields of a caller anyone may set; every one optional so PATCH sends only what changes. */
export const callerFieldsSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    email: z.email().nullable(),
    active: z.boolean(),
    assigned_states: z.array(z.string().regex(/^[A-Z]{2}$/, 'use USPS codes such as CA')).max(60),
    business_line: z.string().nullable(),
    languages: z.array(z.string().regex(/^[a-z]{2}$/i, 'use two-letter codes such as en')).max(20),
    daily_lead_limit: z.number().int().min(0).max(10_000),
    hourly_lead_limit: z.number().int().min(0).max(10_000).nullable(),
    max_open_leads: z.number().int().min(0).max(100_000).nullable(),
    working_hours: workingHoursSchema,
    away_until: z.iso.datetime({ offset: true }).nullable(),
  })
  .partial()
  .strict();

export const createCallerSchema = callerFieldsSchema.required({ name: true });

/** PATCH /api/callers/:id: the fields to change, and optionally the `version` the edit started from. */
export const updateCallerSchema = callerFieldsSchema.extend({ version: editVersionSchema.optional() });

export type CallerFields = z.infer<typeof callerFieldsSchema>;
