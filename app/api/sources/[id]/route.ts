import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { updateSource, updateSourceSchema } from '@/lib/intake/sources';

/** `{"rotate":true}` (returns the new secret once), `{"end_rotation":true}` or `{"active":false}`. */
export const PATCH = apiRoute({ body: updateSourceSchema, sameOrigin: true }, async ({ body, params }) => {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new ApiError('not_found', 'source not found');
  return jsonResponse(await updateSource(await currentViewer(), id.data, body));
});
