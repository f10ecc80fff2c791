import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';
import { ingestResultSchema, type IngestResult } from './ingest-lead';
import { normalizeLead } from './normalize/lead';

export type StaffSource = 'dashboard' | 'csv-import';

/** A lead entered by staff, through add_lead (and so ingest_lead), as the viewer. */
export async function addLead(
  viewer: Viewer,
  source: StaffSource,
  fields: Record<string, unknown>,
  options: { requestId?: string; idempotencyKey?: string | null; metadata?: Record<string, unknown> } = {},
): Promise<IngestResult> {
  const normalized = normalizeLead(fields);
  const { idempotencyKey } = normalized;
  // Columns the importer chose to keep as they are go to metadata under their own names.
  const lead = { ...normalized.lead, metadata: { ...normalized.lead.metadata, ...options.metadata } };
  const intake = {
    request_id: options.requestId ?? randomUUID(),
    idempotency_key: options.idempotencyKey ?? idempotencyKey,
    content_type: 'application/json',
    raw_body: JSON.stringify({ ...fields, ...options.metadata }),
    payload: { ...fields, ...options.metadata },
    headers: { actor: viewer.email },
  };
  const [row] = await withViewer(db(), viewer, (tx) => tx<{ result: unknown }[]>`
    select public.add_lead(${source}, ${tx.json(intake as never)}, ${tx.json(lead as never)}) as result`);
  return ingestResultSchema.parse(row?.result);
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
