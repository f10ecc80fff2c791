import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { mapError } from '@/lib/api/errors';
import { mapLimited } from '@/lib/concurrency/map-limited';
import { addLead } from './add-lead';
import type { ImportChunk, ImportRowResult } from './import-schema';

/**
 * Ingests one chunk of a CSV import, each row on its own (one bad row never sinks the chunk).
 * Every row's idempotency key is derived from the import and the row number, so a chunk the
 * browser sends again after a network error creates nothing twice.
 */
export async function importChunk(viewer: Viewer, chunk: ImportChunk, requestId: string): Promise<ImportRowResult[]> {
  return mapLimited(chunk.rows, 4, async ({ row, fields, metadata }) => {
    try {
      const result = await addLead(viewer, 'csv-import', fields, {
        requestId,
        idempotencyKey: `import:${chunk.import_id}:${row}`,
        metadata,
      });
      return { row, outcome: result.outcome, lead_id: result.lead_id ?? null, reason: result.reason ?? null };
    } catch (error) {
      const mapped = mapError(error);
      // The database being away is the whole chunk's problem: let the browser retry it.
      if (mapped.code === 'unavailable') throw error;
      return { row, outcome: 'error', lead_id: null, reason: mapped.expected ? (mapped.message ?? mapped.code) : 'internal_error' };
    }
  });
}
