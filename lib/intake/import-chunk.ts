import 'server-only';
import { answerEach } from '@/lib/api/batch';
import type { Viewer } from '@/lib/auth/viewer';
import { addLead } from './add-lead';
import { intakeAnswer } from './intake-answer';
import type { ImportChunk, ImportRowResult } from './import-schema';

/**
 * Ingests one chunk of a CSV import, each row on its own (one bad row never sinks the chunk).
 * Every row's idempotency key is derived from the import and the row number, so a chunk the
 * browser sends again, after a network error or a 503, creates nothing twice; that is why the
 * database being away fails the whole chunk rather than its rows.
 */
export function importChunk(viewer: Viewer, chunk: ImportChunk, requestId: string, onError: (error: unknown) => void): Promise<ImportRowResult[]> {
  return answerEach(chunk.rows, async ({ row, fields, metadata }) => intakeAnswer(await addLead(viewer, 'csv-import', fields, {
    requestId,
    idempotencyKey: `import:${chunk.import_id}:${row}`,
    metadata,
    // The browser resends a chunk that failed, and per-row idempotency keys make that safe.
  })), { onUnexpected: onError, whenUnavailable: 'request', whenUnexpected: 'request' });
}
