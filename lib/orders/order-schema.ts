import { z } from 'zod';
import { editVersionSchema, reportIssues } from '@/lib/api/edit-version';
import { calendarDay } from '@/lib/time/calendar-day';

const stateCode = z.string().regex(/^[A-Za-z]{2}$/, 'use USPS codes such as CA').transform((s) => s.toUpperCase());

export const createOrderSchema = z.object({
  customer_name: z.string().trim().min(1).max(200),
  customer_email: z.email().nullable().optional(),
  requested_states: z.array(stateCode).min(1).max(60),
  quantity: z.number().int().min(1).max(100_000).nullable().optional(),
  state_caps: z.record(z.string(), z.number().int().min(0).max(100_000)).optional(),
});

export type CreateOrder = z.infer<typeof createOrderSchema>;

export const returnLeadsSchema = z.object({
  lead_ids: z.array(z.uuid()).min(1).max(10_000).nullable().optional(),
  reason: z.string().trim().min(1, 'say why the leads come back').max(500),
});

export const stateCapsSchema = z.record(
  z.string().regex(/^[A-Za-z]{2}$/, 'use USPS codes such as CA'),
  z.number().int().min(0).max(100_000).nullable(),
);

/**
 * PUT /api/leads/caps: the caps to change, `{"CA":10,"TX":null}`, and optionally the `version`
 * they were read at (GET answers it beside the caps; state codes are two letters, so the key
 * never names a state).
 */
export const stateCapsBodySchema = z
  .object({ version: editVersionSchema.optional() })
  .catchall(z.unknown())
  .transform(({ version, ...caps }, ctx) => {
    const parsed = stateCapsSchema.safeParse(caps);
    if (parsed.success) return { version, caps: parsed.data };
    reportIssues(ctx, parsed.error.issues);
    return z.NEVER;
  });

export const exportQuerySchema = z.object({
  status: z.literal('fulfilled').default('fulfilled'),
  /** New York calendar days, inclusive, on fulfilled_at. */
  from: calendarDay.optional(),
  to: calendarDay.optional(),
  order_id: z.uuid().optional(),
});
