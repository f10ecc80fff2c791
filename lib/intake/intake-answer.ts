import type { ItemFailure } from '@/lib/api/batch';
import type { IngestResult } from './ingest-lead';

type IntakeSuccess =
  | { ok: true; lead_id: IngestResult['lead_id']; deduplicated: false; status: IngestResult['status']; assigned_to: NonNullable<IngestResult['assigned_to']> | null }
  | { ok: true; lead_id: IngestResult['lead_id']; deduplicated: true; reason: IngestResult['reason'] };

/** What a stored intake keeps when it made no lead: its id, for repair and replay. */
interface KeptIntake {
  intake_id: string;
}

export type IntakeAnswer = IntakeSuccess | ItemFailure<KeptIntake>;

/**
 * What the sender of one lead learns from ingest_lead's result, the same for a webhook item and
 * a CSV row. A lead that was stored but not processed is our failure, not the sender's.
 */
export function intakeAnswer(result: IngestResult): IntakeAnswer {
  switch (result.outcome) {
    case 'created':
      return { ok: true, lead_id: result.lead_id, deduplicated: false, status: result.status, assigned_to: result.assigned_to ?? null };
    case 'duplicate':
      return { ok: true, lead_id: result.lead_id, deduplicated: true, reason: result.reason };
    default:
      return { ok: false, error: 'internal_error', intake_id: result.intake_id };
  }
}
