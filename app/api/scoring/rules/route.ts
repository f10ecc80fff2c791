import { apiRoute, jsonResponse } from '@/lib/api/route';
import { saveScoringRulesBodySchema } from '@/lib/scoring/event-schema';
import { listScoringRules, saveScoringRules } from '@/lib/scoring/scoring';

export const GET = apiRoute({ auth: 'member' }, async ({ viewer }) => jsonResponse(await listScoringRules(viewer)));

/**
 * Replaces all rules (a JSON array, or `{"rules":[…],"version":n}`) as a new version:
 * `{"version":n}`. With a version, rules saved by someone else since then are not overwritten:
 * 409 with `current`, the rules and version now. Re-score to apply them to history.
 */
export const PUT = apiRoute({ auth: 'member', body: saveScoringRulesBodySchema }, async ({ viewer, body }) =>
  jsonResponse({ version: await saveScoringRules(viewer, body.rules, body.version) }));
