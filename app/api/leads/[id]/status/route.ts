import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { statusBodySchema, updateLeadStatus } from '@/lib/routing/assign';

export const PATCH = apiRoute({ auth: 'member', body: statusBodySchema }, async ({ viewer, body, params }) =>
  jsonResponse(await updateLeadStatus(viewer, uuidParam(params, 'id', 'lead'), body.status, body.note)));
