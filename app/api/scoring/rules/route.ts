import { apiRoute, jsonResponse } from '@/lib/api/route';
import { scoringRulesSchema } from '@/lib/scoring/event-schema';
import { listScoringRules, saveScoringRules } from '@/lib/scoring/scoring';

export const GET = apiRoute({ auth: 'member' }, async ({ viewer }) => jsonResponse(await listScoringRules(viewer)));

/** Replaces all rules (a JSON array) as a new version: `{"version":n}`. Re-score to apply them to history. */
export const PUT = apiRoute({ auth: 'member', body: scoringRulesSchema }, async ({ viewer, body }) =>
  jsonResponse({ version: await saveScoringRules(viewer, body) }));
