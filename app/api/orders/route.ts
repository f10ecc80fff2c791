import { apiRoute, jsonResponse } from '@/lib/api/route';
import { listOrders, listOrdersQuery } from '@/lib/orders/list-orders';
import { createOrderSchema } from '@/lib/orders/order-schema';
import { createOrder } from '@/lib/orders/orders';

/** `?status=&customer=&page=&per_page=` → `{"data","page","per_page","total"}` */
export const GET = apiRoute({ auth: 'member', query: listOrdersQuery }, async ({ viewer, query }) =>
  jsonResponse(await listOrders(viewer, query)));

/** Creates the order and allocates its leads; a short stock leaves it open with a shortfall. */
export const POST = apiRoute({ auth: 'member', body: createOrderSchema }, async ({ viewer, body }) =>
  jsonResponse(await createOrder(viewer, body), { status: 201 }));
