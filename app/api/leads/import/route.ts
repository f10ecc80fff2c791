import { apiRoute, jsonResponse } from '@/lib/api/route';
import { importChunk } from '@/lib/intake/import-chunk';
import { importChunkSchema } from '@/lib/intake/import-schema';

/** One chunk of a dashboard CSV import: a result per row, in row order. */
export const POST = apiRoute({ auth: 'member', body: importChunkSchema }, async ({ viewer, body, requestId }) => {
  const results = await importChunk(viewer, body, requestId);
  return jsonResponse({ ok: true, results });
});
