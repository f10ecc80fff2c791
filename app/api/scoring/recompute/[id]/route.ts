import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { rescoreStep } from '@/lib/scoring/scoring';

/** Re-scores the next batch of the job; returns its progress. */
export const POST = apiRoute({ sameOrigin: true }, async ({ params }) =>
  jsonResponse(await rescoreStep(await currentViewer(), uuidParam(params, 'id', 'scoring job'))));
