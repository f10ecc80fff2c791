import { z } from 'zod';

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

// A real calendar day: 2026-13-45 matches the pattern but is no date, and must be a 400 before
// the export starts streaming, not a failure in the middle of it.
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, 'not a calendar date');

export const exportQuerySchema = z.object({
  status: z.literal('fulfilled').default('fulfilled'),
  /** New York calendar days, inclusive, on fulfilled_at. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  order_id: z.uuid().optional(),
});
