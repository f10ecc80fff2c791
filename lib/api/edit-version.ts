import { z } from 'zod';
import { formText } from './form-fields';

/**
 * The version an edit started from (`"version": 3` in a JSON body): a save over a newer version
 * answers 409 with the current values. Optional wherever it is taken: without it the last
 * write wins, as before versions existed. Dashboard forms always send it.
 */
export const editVersionSchema = z.number().int().min(1).max(2_147_483_647);

/** A form's hidden `version` field as the form sends it: a number, or none when empty. */
export const formVersionText = formText.transform((text) => (text === '' ? undefined : Number(text)));

/** A form's hidden `version` field, checked. */
export const formEditVersion = formVersionText.pipe(editVersionSchema.optional());

/** Copies another schema's failures into the schema being refined, keeping their paths. */
export function reportIssues(ctx: z.RefinementCtx, issues: readonly z.core.$ZodIssue[]): void {
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
}

/** One field someone else changed while a form was open: how it read then, and how it reads now. */
export interface FieldChange {
  label: string;
  before: string;
  after: string;
}
