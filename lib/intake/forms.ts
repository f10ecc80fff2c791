import { z } from 'zod';
import { formText } from '@/lib/api/form-fields';
import { shapeProblem } from '@/lib/api/json-shape';

/** The Add lead form: the fields filled in, as a webhook would send them. */
export const addLeadFormSchema = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .transform((form) => Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')))
  .refine((fields) => Object.keys(fields).length > 0, 'Fill in at least one field.');

const jsonObject = formText.transform((text, ctx) => {
  try {
    const value: unknown = JSON.parse(text);
    const tooBig = shapeProblem(value);
    if (tooBig) {
      ctx.addIssue({ code: 'custom', message: tooBig });
      return z.NEVER;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below, with an example.
  }
  ctx.addIssue({ code: 'custom', message: 'write a JSON object, e.g. {"first_name": "Ann", "phone": "555-234-5678"}' });
  return z.NEVER;
});

/** Repair and replay: the intake being repaired and the corrected payload. */
export const replayFormSchema = z.object({ id: z.uuid(), payload: jsonObject });

/** The sources table's buttons, each on one source. */
export const sourceCommandFormSchema = z.object({
  id: z.uuid(),
  command: z.enum(['rotate', 'end_rotation', 'activate', 'deactivate']),
});

/** A source secret, shown once right after it was made. */
export interface OneTimeSecret {
  name: string;
  value: string;
}
