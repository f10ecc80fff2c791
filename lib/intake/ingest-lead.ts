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
    select public.ingest_lead(${sourceId}, ${sql.json(withoutNul(intake) as never)}, ${lead ? sql.json(withoutNul(lead) as never) : null}) as result`;
  return ingestResultSchema.parse(row?.result);
}

// Postgres text and jsonb cannot hold U+0000; a sender's stray NUL must not lose the lead.
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [withoutNul(key) as string, withoutNul(inner)]));
  }
  return value;
}
