import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { importChunk } from '@/lib/intake/import-chunk';
import { importChunkSchema } from '@/lib/intake/import-schema';

/** One chunk of a dashboard CSV import: per-row results, in row order. */
export const POST = apiRoute({ body: importChunkSchema, sameOrigin: true }, async ({ body, requestId }) => {
  const results = await importChunk(await currentViewer(), body, requestId);
  return jsonResponse({ ok: true, results });
});
