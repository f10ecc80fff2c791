import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { addLeads } from './add-lead';
import { intakeAnswer } from './intake-answer';
import type { ImportChunk, ImportRowResult } from './import-schema';

/**
 * Ingests one chunk of a CSV import in one add_leads call: each row is answered on its own (a
 * bad row never sinks the chunk), and the chunk is one transaction. Every row's idempotency key
 * is derived from the import and the row number, so a chunk the browser sends again, after a
 * network error or a 503, creates nothing twice.
 */
export async function importChunk(viewer: Viewer, chunk: ImportChunk, requestId: string): Promise<ImportRowResult[]> {
  const results = await addLeads(viewer, 'csv-import', chunk.rows.map(({ row, fields, metadata }) => ({
    fields,
    options: { requestId, idempotencyKey: `import:${chunk.import_id}:${row}`, metadata },
  })));
  return results.map((result, index) => ({ index, ...intakeAnswer(result) }));
}
