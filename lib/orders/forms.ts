import { z } from 'zod';
import { formEditVersion } from '@/lib/api/edit-version';
import { formInto, formList, formOptionalNumber, formOptionalText, formText } from '@/lib/api/form-fields';
import { createOrderSchema, returnLeadsSchema, stateCapsSchema } from './order-schema';
import { parseCaps } from './parse-caps';

/** Caps as people type them ("CA=5, NY=3"), read into the API's `{"CA":5,"NY":3}`. */
const capsText = formText.transform((text, ctx) => {
  const parsed = parseCaps(text);
  if (parsed.ok) return parsed.caps;
  ctx.addIssue({ code: 'custom', message: parsed.error });
  return z.NEVER;
});

/** The new-order form, as POST /api/orders takes it. */
export const createOrderFormSchema = formInto(z.object({
  customer_name: formText,
  customer_email: formOptionalText,
  requested_states: formList,
  quantity: formOptionalNumber,
  state_caps: capsText,
}), createOrderSchema);

/** The order page's buttons: fulfill, delete, or return the ticked leads. */
export const orderCommandFormSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('fulfill'), id: z.uuid() }),
  z.object({ command: z.literal('delete'), id: z.uuid() }),
  z.object({
    command: z.literal('return'),
    id: z.uuid(),
    lead_ids: formList.pipe(z.array(z.uuid()).min(1, 'select the leads to return')),
    reason: formText.pipe(returnLeadsSchema.shape.reason),
  }),
]);

/** The settings page's caps editor: the whole list, one state per line, and the version it was opened at. */
export const stateCapsFormSchema = z.object({ caps: formInto(capsText, stateCapsSchema), version: formEditVersion });
