import { ApiError } from '@/lib/api/errors';
import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { deleteOrder, getOrder } from '@/lib/orders/orders';

export const GET = apiRoute({ sameOrigin: true }, async ({ params }) => {
  const order = await getOrder(await currentViewer(), uuidParam(params, 'id', 'order'));
  if (!order) throw new ApiError('not_found', 'order not found');
  return jsonResponse(order);
});

/** Every lead goes back to stock; the order is kept as deleted. A second call changes nothing. */
export const DELETE = apiRoute({ sameOrigin: true }, async ({ params }) =>
  jsonResponse(await deleteOrder(await currentViewer(), uuidParam(params, 'id', 'order'))));
