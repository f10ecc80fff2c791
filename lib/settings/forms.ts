import { z } from 'zod';
import { formEditVersion } from '@/lib/api/edit-version';
import { formText } from '@/lib/api/form-fields';

/**
 * A value typed into the settings form: JSON when it reads as JSON (`24`, `0.2`, `"stock"`),
 * else the text itself (`America/Chicago`). Whether it is allowed is set_setting's to say.
 */
export function settingValueFromText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** How a setting's value shows in its input: strings bare, everything else as JSON. */
export function settingValueToText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const settingFormSchema = z.object({
  key: z.string().min(1).max(63),
  value: formText.pipe(z.string().min(1, 'enter a value').max(200)).transform(settingValueFromText),
  /** The setting's version when the form was opened. */
  version: formEditVersion,
});
