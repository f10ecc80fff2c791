import { apiRoute, jsonResponse } from '@/lib/api/route';
import { scoringRulesSchema } from '@/lib/scoring/event-schema';
import { previewScores } from '@/lib/scoring/scoring';

/** What-if: distribution and biggest movers under draft rules; nothing changes. */
export const POST = apiRoute({ auth: 'member', body: scoringRulesSchema }, async ({ viewer, body }) =>
  jsonResponse(await previewScores(viewer, body)));
