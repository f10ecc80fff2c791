import { ApiError } from '@/lib/api/errors';
import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { deleteOrder, getOrder } from '@/lib/orders/orders';

export const GET = apiRoute({ auth: 'member' }, async ({ viewer, params }) => {
  const order = await getOrder(viewer, uuidParam(params, 'id', 'order'));
  if (!order) throw new ApiError('not_found', 'order not found');
  return jsonResponse(order);
});

/** Every lead goes back to stock; the order is kept as deleted. A second call changes nothing. */
export const DELETE = apiRoute({ auth: 'member' }, async ({ viewer, params }) =>
  jsonResponse(await deleteOrder(viewer, uuidParam(params, 'id', 'order'))));
