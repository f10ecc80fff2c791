import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { scoringRulesSchema } from '@/lib/scoring/event-schema';
import { previewScores } from '@/lib/scoring/scoring';

/** What-if: distribution and biggest movers under draft rules; nothing changes. */
export const POST = apiRoute({ body: scoringRulesSchema, sameOrigin: true }, async ({ body }) =>
  jsonResponse(await previewScores(await currentViewer(), body)));
