import 'server-only';
import type { Sql } from 'postgres';
import { z } from 'zod';
import type { NormalizedLead } from './normalize/lead';

export interface IntakeRecord {
  request_id: string;
  idempotency_key: string | null;
  content_type: string | null;
  raw_body: string;
  payload: unknown;
  headers: Record<string, string>;
  replay_of?: string | null;
  /** Why there is no lead to make (rejected intakes only). */
  error?: string;
}

export const ingestResultSchema = z.object({
  intake_id: z.uuid(),
  outcome: z.enum(['created', 'duplicate', 'rejected', 'failed']),
  lead_id: z.uuid().optional(),
  deduplicated: z.boolean().optional(),
  reason: z.enum(['idempotency_key', 'phone_window', 'email_window', 'document_number']).optional(),
  status: z.string().optional(),
  assigned_to: z.object({ id: z.uuid(), name: z.string() }).nullable().optional(),
});

export type IngestResult = z.infer<typeof ingestResultSchema>;

/** One call of public.ingest_lead: the single database round trip of an intake. */
export async function ingestLead(
  sql: Sql,
  sourceId: string,
  intake: IntakeRecord,
  lead: NormalizedLead | null,
): Promise<IngestResult> {
  const [row] = await sql<{ result: unknown }[]>`
    select public.ingest_lead(${sourceId}, ${sql.json(storable(intake) as never)}, ${lead ? sql.json(storable(lead) as never) : null}) as result`;
  return ingestResultSchema.parse(row?.result);
}

/**
 * Text Postgres can store: no U+0000 and no lone surrogate (half an emoji cut by a sender),
 * both of which jsonb refuses. A sender's stray byte must not lose the lead.
 */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed().replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storable(key) as string, storable(inner)]));
  }
  return value;
}
