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

/** One item of a batch: the request as stored, and the lead to make of it (null = rejected). */
export interface IngestItem {
  intake: IntakeRecord;
  lead: NormalizedLead | null;
}

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
 * One call of public.ingest_leads: a whole batch in one transaction and one round trip, each
 * item answered as ingest_lead would have answered it, in item order.
 */
export async function ingestLeads(sql: Sql, sourceId: string, items: readonly IngestItem[]): Promise<IngestResult[]> {
  const [row] = await sql<{ result: unknown }[]>`
    select public.ingest_leads(${sourceId}, ${sql.json(storable(items) as never)}) as result`;
  return batchResults(row?.result, items.length);
}

/** A batch's answers, one per item, or a thrown error: never a shorter list. */
export function batchResults(value: unknown, count: number): IngestResult[] {
  return z.array(ingestResultSchema).length(count).parse(value);
}

/**
 * Text Postgres can store: no U+0000 and no lone surrogate (half an emoji cut by a sender),
 * both of which jsonb refuses. A sender's stray byte must not lose the lead.
 */
export function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.toWellFormed().replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storable(key) as string, storable(inner)]));
  }
  return value;
}
