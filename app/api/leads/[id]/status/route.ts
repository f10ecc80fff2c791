import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { statusBodySchema, updateLeadStatus } from '@/lib/routing/assign';

export const PATCH = apiRoute({ body: statusBodySchema, sameOrigin: true }, async ({ body, params }) =>
  jsonResponse(await updateLeadStatus(await currentViewer(), uuidParam(params, 'id', 'lead'), body.status, body.note)));
