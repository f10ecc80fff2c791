import 'server-only';
import { randomUUID } from 'node:crypto';
import type { TransactionSql } from 'postgres';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';
import { batchResults, ingestResultSchema, storable, type IngestItem, type IngestResult } from './ingest-lead';
import { normalizeLead } from './normalize/lead';

export type StaffSource = 'dashboard' | 'csv-import';

interface StaffOptions {
  requestId?: string;
  idempotencyKey?: string | null;
  metadata?: Record<string, unknown>;
}

/** What staff entered, as an intake item: who entered it is stamped again by the database. */
function staffItem(viewer: Viewer, fields: Record<string, unknown>, options: StaffOptions): IngestItem {
  const normalized = normalizeLead(fields);
  // Columns the importer chose to keep as they are go to metadata under their own names.
  const lead = { ...normalized.lead, metadata: { ...normalized.lead.metadata, ...options.metadata } };
  const payload = { ...fields, ...options.metadata };
  return {
    intake: {
      request_id: options.requestId ?? randomUUID(),
      idempotency_key: options.idempotencyKey ?? normalized.idempotencyKey,
      content_type: 'application/json',
      raw_body: JSON.stringify(payload),
      payload,
      headers: { actor: viewer.email },
    },
    lead,
  };
}

/** A lead entered by staff, through add_lead (and so ingest_lead), as the viewer. */
export async function addLead(viewer: Viewer, source: StaffSource, fields: Record<string, unknown>, options: StaffOptions = {}): Promise<IngestResult> {
  return withViewer(db(), viewer, (tx) => addLeadIn(tx, viewer, source, fields, options));
}

/** The same inside a transaction the caller already runs as the viewer. */
export async function addLeadIn(
  tx: TransactionSql,
  viewer: Viewer,
  source: StaffSource,
  fields: Record<string, unknown>,
  options: StaffOptions = {},
): Promise<IngestResult> {
  const { intake, lead } = staffItem(viewer, fields, options);
  const [row] = await tx<{ result: unknown }[]>`
    select public.add_lead(${source}, ${tx.json(storable(intake) as never)}, ${tx.json(storable(lead) as never)}) as result`;
  return ingestResultSchema.parse(row?.result);
}

/** Leads entered by staff in bulk, through add_leads (one ingest_leads call), as the viewer. */
export async function addLeads(
  viewer: Viewer,
  source: StaffSource,
  rows: readonly { fields: Record<string, unknown>; options: StaffOptions }[],
): Promise<IngestResult[]> {
  const items = rows.map(({ fields, options }) => staffItem(viewer, fields, options));
  const [row] = await withViewer(db(), viewer, (tx) => tx<{ result: unknown }[]>`
    select public.add_leads(${source}, ${tx.json(storable(items) as never)}) as result`);
  return batchResults(row?.result, items.length);
}

/** Ingests a corrected payload for a rejected or failed intake, linked to it. */
export async function replayIntake(viewer: Viewer, intakeId: string, payload: Record<string, unknown>): Promise<IngestResult> {
  const { lead, idempotencyKey } = normalizeLead(payload);
  const intake = {
    request_id: randomUUID(),
    idempotency_key: idempotencyKey,
    raw_body: JSON.stringify(payload),
    payload,
    headers: { actor: viewer.email },
  };
  const [row] = await withViewer(db(), viewer, (tx) => tx<{ result: unknown }[]>`
    select public.replay_intake(${intakeId}, ${tx.json(intake as never)}, ${tx.json(lead as never)}) as result`);
  return ingestResultSchema.parse(row?.result);
}
