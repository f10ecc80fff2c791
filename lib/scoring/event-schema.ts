import { z } from 'zod';

export const MAX_EVENTS_PER_REQUEST = 1000;

/** One scoring event as senders post it; the lead is named by id, external id, email or phone. */
export const eventSchema = z
  .object({
    event_id: z.string().trim().min(1).max(200),
    lead_id: z.uuid().optional(),
    lead_external_id: z.string().trim().min(1).max(200).optional(),
    email: z.string().trim().min(3).max(254).optional(),
    phone: z.string().trim().min(3).max(40).optional(),
    type: z.string().trim().regex(/^[a-z][a-z0-9_]{0,62}$/, 'use lowercase letters, digits and _, e.g. email_opened'),
    occurred_at: z.iso.datetime({ offset: true }).optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((e) => e.lead_id || e.lead_external_id || e.email || e.phone, {
    message: 'name the lead: lead_id, lead_external_id, email or phone',
    path: ['lead_id'],
  });

export type LeadEvent = z.infer<typeof eventSchema>;

export const scoringRuleSchema = z.object({
  event_type: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/),
  points: z.number().int().min(-100_000).max(100_000),
  max_per_lead: z.number().int().min(1).nullable().optional(),
  window_days: z.number().int().min(1).max(3650).nullable().optional(),
  active: z.boolean().optional(),
});

export const scoringRulesSchema = z.array(scoringRuleSchema).max(200)
  .refine((rules) => new Set(rules.map((r) => r.event_type)).size === rules.length, 'each event type once');
