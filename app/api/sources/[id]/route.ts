import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { updateSource, updateSourceSchema } from '@/lib/intake/sources';

/** `{"rotate":true}` (returns the new secret once), `{"end_rotation":true}` or `{"active":false}`. */
export const PATCH = apiRoute({ auth: 'viewer', body: updateSourceSchema }, async ({ viewer, body, params }) =>
  jsonResponse(await updateSource(viewer, uuidParam(params, 'id', 'source'), body)));
