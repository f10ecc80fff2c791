import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { assignBodySchema, assignLead, unassignLead } from '@/lib/routing/assign';

/**
 * `{"caller_id":"…"}` assigns or reassigns by hand; without it the routing rules decide (409
 * when the lead is not in stock, as the manual path answers for a closed lead).
 */
export const POST = apiRoute({ auth: 'member', body: assignBodySchema.optional() }, async ({ viewer, body, params }) => {
  const result = await assignLead(viewer, uuidParam(params, 'id', 'lead'), body?.caller_id);
  return jsonResponse(result, { status: result.reason === 'not_in_stock' ? 409 : 200 });
});

/** Back to stock. */
export const DELETE = apiRoute({ auth: 'member' }, async ({ viewer, params }) =>
  jsonResponse(await unassignLead(viewer, uuidParam(params, 'id', 'lead'))));
