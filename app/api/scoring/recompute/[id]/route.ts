import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { rescoreStep } from '@/lib/scoring/scoring';

/** Re-scores the next batch of the job; returns its progress. */
export const POST = apiRoute({ auth: 'member' }, async ({ viewer, params }) =>
  jsonResponse(await rescoreStep(viewer, uuidParam(params, 'id', 'scoring job'))));
