import 'server-only';
import type { Sql } from 'postgres';
import { mapError } from '@/lib/api/errors';
import { ingestLead, ingestLeads, type IngestItem, type IngestResult, type IntakeRecord } from './ingest-lead';
import { intakeAnswer, type IntakeAnswer } from './intake-answer';
import { normalizeLead } from './normalize/lead';
import { parseIntakeBody } from './parse-body';

export interface IntakeRequest {
  sourceId: string;
  requestId: string;
  rawBody: string;
  contentType: string | null;
  idempotencyKey: string | null;
  headers: Record<string, string>;
  /** Told about failures that were stored rather than answered with their text. */
  onError: (error: unknown) => void;
}

export interface IntakeResponse {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Everything /api/ingest does after authentication: parse, normalize, one ingest_lead call for a
 * lead or one ingest_leads call for a batch, and the response the sender sees. Rejected bodies
 * are stored too.
 */
export async function processIntake(sql: Sql, request: IntakeRequest): Promise<IntakeResponse> {
  const base = {
    request_id: request.requestId,
    content_type: request.contentType,
    headers: request.headers,
  };
  const parsed = await parseIntakeBody(request.rawBody, request.contentType);
  if (!parsed.ok) {
    const result = await ingestLead(sql, request.sourceId, {
      ...base, idempotency_key: request.idempotencyKey, raw_body: request.rawBody, payload: null, error: parsed.reason,
    }, null);
    return {
      status: parsed.status,
      body: { ok: false, error: parsed.status === 413 ? 'payload_too_large' : 'invalid_payload', message: parsed.reason, intake_id: result.intake_id },
    };
  }

  if (!parsed.batch) {
    const item = parsed.items[0]!;
    if (!item.ok) throw new Error('a single item is always an object');
    const { lead, idempotencyKey } = normalizeLead(item.fields);
    let result: IngestResult;
    try {
      result = await ingestLead(sql, request.sourceId, {
        ...base, idempotency_key: request.idempotencyKey ?? idempotencyKey, raw_body: request.rawBody, payload: item.fields,
      }, lead);
    } catch (error) {
      return keptAfter(error, sql, request, base);
    }
    const answer = intakeAnswer(result);
    if (!answer.ok) return { status: 500, body: { ...answer, request_id: request.requestId } };
    return { status: answer.deduplicated ? 409 : 201, body: answer };
  }

  // The whole batch is one ingest_leads call, so one transaction: a 503 means nothing of it was
  // stored, and the sender resends all of it (a request key makes that safe).
  const items = parsed.items.map((item, index): IngestItem => {
    const intake: IntakeRecord = {
      ...base,
      idempotency_key: null,
      // The item as the sender wrote it: its numbers, key order and repeated keys intact.
      raw_body: item.text,
      payload: item.ok ? item.fields : null,
    };
    if (!item.ok) return { intake: { ...intake, error: item.reason }, lead: null };
    const { lead, idempotencyKey } = normalizeLead(item.fields);
    // A request-level key covers the whole batch: each item gets its own derived key.
    const key = idempotencyKey ?? (request.idempotencyKey ? `${request.idempotencyKey}:${index}` : null);
    return { intake: { ...intake, idempotency_key: key }, lead };
  });
  let stored: IngestResult[];
  try {
    stored = await ingestLeads(sql, request.sourceId, items);
  } catch (error) {
    return keptAfter(error, sql, request, base);
  }
  const results = stored.map((result, index) => {
    const item = parsed.items[index]!;
    const answer: IntakeAnswer = item.ok
      ? intakeAnswer(result)
      : { ok: false, error: 'invalid_payload', message: item.reason, intake_id: result.intake_id };
    return { index, ...answer };
  });
  return { status: 200, body: { ok: true, results } };
}

/**
 * When storing a request threw for any reason but the database being away, nothing of it was
 * stored (a batch is one transaction): the request is kept as it came, with the bare minimum in
 * case the parsed payload or the key is what the database choked on (a rejected intake,
 * replayable), so nothing authenticated is lost, and the sender hears 500 and takes nothing
 * for delivered.
 */
async function keptAfter(error: unknown, sql: Sql, request: IntakeRequest, base: Pick<IntakeRecord, 'request_id' | 'content_type' | 'headers'>): Promise<IntakeResponse> {
  if (mapError(error).code === 'unavailable') throw error;
  request.onError(error);
  const kept = await ingestLead(sql, request.sourceId, {
    ...base, idempotency_key: null, raw_body: request.rawBody, payload: null, error: 'processing failed; see the server log',
  }, null);
  return { status: 500, body: { ok: false, error: 'internal_error', request_id: request.requestId, intake_id: kept.intake_id } };
}
