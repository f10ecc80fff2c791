import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { updateSource, updateSourceSchema } from '@/lib/intake/sources';

/** `{"rotate":true}` (returns the new secret once), `{"end_rotation":true}` or `{"active":false}`. */
export const PATCH = apiRoute({ body: updateSourceSchema, sameOrigin: true }, async ({ body, params }) =>
  jsonResponse(await updateSource(await currentViewer(), uuidParam(params, 'id', 'source'), body)));
