import { z } from 'zod';
import type { ItemResult } from '@/lib/api/batch';
import type { IntakeAnswer } from './intake-answer';

export const IMPORT_CHUNK_ROWS = 500;

const cells = z.record(z.string().max(200), z.string().max(10_000));

/** One chunk of a CSV import, as the browser sends it after the header-mapping step. */
export const importChunkSchema = z.object({
  import_id: z.uuid(),
  rows: z
    .array(z.object({
      /** 1-based line of the data row in the file (the header is line 0). */
      row: z.number().int().min(1),
      /** Cells mapped to lead fields, keyed by field name. */
      fields: cells,
      /** Cells kept as they are, keyed by their header. */
      metadata: cells,
    }))
    .min(1)
    .max(IMPORT_CHUNK_ROWS),
});

export type ImportChunk = z.infer<typeof importChunkSchema>;

/** The answer for the row at `index` of the chunk: as an ingest batch item answers. */
export type ImportRowResult = ItemResult<IntakeAnswer>;
