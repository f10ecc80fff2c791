import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { assignBodySchema, assignLead, unassignLead } from '@/lib/routing/assign';

/** `{"caller_id":"…"}` assigns or reassigns by hand; without it the routing rules decide. */
export const POST = apiRoute({ body: assignBodySchema.optional(), sameOrigin: true }, async ({ body, params }) =>
  jsonResponse(await assignLead(await currentViewer(), uuidParam(params, 'id', 'lead'), body?.caller_id)));

/** Back to stock. */
export const DELETE = apiRoute({ sameOrigin: true }, async ({ params }) =>
  jsonResponse(await unassignLead(await currentViewer(), uuidParam(params, 'id', 'lead'))));
