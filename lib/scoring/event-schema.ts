import { z } from 'zod';
import { editVersionSchema, reportIssues } from '@/lib/api/edit-version';

export const MAX_EVENTS_PER_REQUEST = 1000;

/** One scoring event as senders post it; the lead is named by id, external id, email or phone. */
export const eventSchema = z
  .object({
    event_id: z.string().trim().min(1).max(200),
    lead_id: z.uuid().optional(),
    lead_external_id: z.string().trim().min(1).max(200).optional(),
    email: z.string().trim().min(3).max(254).optional(),
    phone: z.string().trim().min(3).max(40).optional(),
    // Its format is the database's rule (private.event_type_problem); record_lead_event says what is wrong.
    type: z.string().trim().min(1).max(63),
    occurred_at: z.iso.datetime({ offset: true }).optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((e) => e.lead_id || e.lead_external_id || e.email || e.phone, {
    message: 'name the lead: lead_id, lead_external_id, email or phone',
    path: ['lead_id'],
  });

export type LeadEvent = z.infer<typeof eventSchema>;

/** What record_lead_event answers. */
export interface RecordedEvent {
  deduplicated: boolean;
  event_id: string;
  lead_id: string | null;
  score_before?: number;
  score?: number;
}

/** One event's answer to its sender: recorded with the lead's new score, or seen before. */
export type EventAnswer =
  | ({ ok: true } & RecordedEvent & { deduplicated: false })
  | { ok: true; deduplicated: true; event_id: string };

/**
 * What /api/events takes: one event, or an array checked item by item (so that one bad event
 * does not sink the rest, and an oversized array answers 413 as an oversized ingest batch does).
 */
export const eventsBodySchema = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]);

export const EVENTS_UPLOAD_CHUNK = 500;

/** One chunk of a dashboard events CSV upload: the events, each checked on its own. */
export const eventsUploadSchema = z.array(z.unknown()).min(1).max(EVENTS_UPLOAD_CHUNK);

export const scoringRuleSchema = z.object({
  // Checked by save_scoring_rules against the one definition of an event type.
  event_type: z.string().min(1).max(63),
  points: z.number().int().min(-100_000).max(100_000),
  max_per_lead: z.number().int().min(1).nullable().optional(),
  window_days: z.number().int().min(1).max(3650).nullable().optional(),
  active: z.boolean().optional(),
});

export const scoringRulesSchema = z.array(scoringRuleSchema).max(200)
  .refine((rules) => new Set(rules.map((r) => r.event_type)).size === rules.length, 'each event type once');

const versionedScoringRulesSchema = z.object({ rules: scoringRulesSchema, version: editVersionSchema.optional() }).strict();

/**
 * PUT /api/scoring/rules: the rules as an array (the last save wins), or
 * `{"rules":[…],"version":n}` to refuse saving over a version newer than n. Each shape is
 * checked on its own, so a failure names its path in the shape that was sent.
 */
export const saveScoringRulesBodySchema = z.unknown().transform((body, ctx) => {
  const parsed = Array.isArray(body)
    ? scoringRulesSchema.transform((rules) => ({ rules, version: undefined as number | undefined })).safeParse(body)
    : versionedScoringRulesSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  reportIssues(ctx, parsed.error.issues);
  return z.NEVER;
});
