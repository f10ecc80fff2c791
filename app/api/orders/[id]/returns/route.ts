import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { returnLeadsSchema } from '@/lib/orders/order-schema';
import { returnLeads } from '@/lib/orders/orders';

/** `{"lead_ids":[…],"reason":"…"}` → those leads back to stock (all of the order's when lead_ids is null). */
export const POST = apiRoute({ auth: 'member', body: returnLeadsSchema }, async ({ viewer, body, params }) =>
  jsonResponse(await returnLeads(viewer, uuidParam(params, 'id', 'order'), body.lead_ids ?? null, body.reason)));
