import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { scoringRulesSchema } from '@/lib/scoring/event-schema';
import { listScoringRules, saveScoringRules } from '@/lib/scoring/scoring';

export const GET = apiRoute({ sameOrigin: true }, async () => jsonResponse(await listScoringRules(await currentViewer())));

/** Replaces all rules (a JSON array) as a new version: `{"version":n}`. Re-score to apply them to history. */
export const PUT = apiRoute({ body: scoringRulesSchema, sameOrigin: true }, async ({ body }) =>
  jsonResponse({ version: await saveScoringRules(await currentViewer(), body) }));
