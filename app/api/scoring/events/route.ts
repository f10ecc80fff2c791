import { z } from 'zod';
import { mapError } from '@/lib/api/errors';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { mapLimited } from '@/lib/concurrency/map-limited';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';
import { eventSchema } from '@/lib/scoring/event-schema';
import { recordEvent } from '@/lib/scoring/record-event';

const chunkSchema = z.object({ rows: z.array(z.object({ row: z.number().int().min(1), event: z.unknown() })).min(1).max(500) });

/** One chunk of a dashboard events CSV upload: per-row results, as the viewer. */
export const POST = apiRoute({ body: chunkSchema, sameOrigin: true }, async ({ body }) => {
  const viewer = await currentViewer();
  const results = await mapLimited(body.rows, 4, async ({ row, event }) => {
    const parsed = eventSchema.safeParse(event);
    if (!parsed.success) return { row, outcome: 'invalid', detail: parsed.error.issues[0]!.message };
    try {
      const result = await withViewer(db(), viewer, (tx) => recordEvent(tx, parsed.data));
      return { row, outcome: result.deduplicated ? 'duplicate' : 'recorded', detail: result.deduplicated ? '' : `score ${result.score}` };
    } catch (error) {
      const mapped = mapError(error);
      if (!mapped.expected) throw error;
      return { row, outcome: mapped.status === 404 ? 'unknown_lead' : 'invalid', detail: mapped.message ?? mapped.code };
    }
  });
  return jsonResponse({ ok: true, results });
});
