import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { listOrders, listOrdersQuery } from '@/lib/orders/list-orders';
import { createOrderSchema } from '@/lib/orders/order-schema';
import { createOrder } from '@/lib/orders/orders';

/** `?status=&customer=&page=&per_page=` → `{"data","page","per_page","total"}` */
export const GET = apiRoute({ query: listOrdersQuery, sameOrigin: true }, async ({ query }) =>
  jsonResponse(await listOrders(await currentViewer(), query)));

/** Creates the order and allocates its leads; a short stock leaves it open with a shortfall. */
export const POST = apiRoute({ body: createOrderSchema, sameOrigin: true }, async ({ body }) =>
  jsonResponse(await createOrder(await currentViewer(), body), { status: 201 }));
