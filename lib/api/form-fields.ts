import { z } from 'zod';

/** A form post's text fields; a name sent more than once (multi-selects, checkboxes) is an array. */
export type FormFields = Record<string, string | string[]>;

/**
 * The text fields of a posted form. Files are left out (no form here sends one), and so are
 * the fields React adds to every server-action post (`$ACTION_…`).
 */
export function formFields(form: FormData): FormFields {
  const fields: FormFields = {};
  for (const name of new Set(form.keys())) {
    if (name.startsWith('$ACTION')) continue;
    const values = form.getAll(name).filter((value): value is string => typeof value === 'string');
    if (values.length > 0) fields[name] = values.length === 1 ? values[0]! : values;
  }
  return fields;
}

// Field readers: a form's way of saying what the JSON API says with types.

/** A text input; missing counts as empty. */
export const formText = z.string().optional().transform((value) => value?.trim() ?? '');

/** A text input where empty means "none". */
export const formOptionalText = formText.transform((value) => value || null);

/** A number input where empty means "none"; anything else must be a number. */
export const formOptionalNumber = formText.transform((value) => (value === '' ? null : Number(value)));

/** A checkbox: sent ("on") when ticked, absent otherwise. */
export const formCheckbox = z.string().optional().transform((value) => value !== undefined);

/** A multi-select or a set of same-named checkboxes: always a list. */
export const formList = z.union([z.string(), z.array(z.string())]).optional().transform((value) => (value === undefined ? [] : [value].flat()));

/**
 * A form read by `form`, then checked by the API's own schema, so the form shows the API's
 * messages and paths. (`form.pipe(api)` would insist that `api` accepts exactly what `form`
 * gives, and a form can give what the API refuses, such as a cap of "none" on an order.)
 */
export function formInto<TApi extends z.ZodType>(form: z.ZodType, api: TApi): z.ZodType<z.output<TApi>> {
  return z.pipe(form, api);
}
