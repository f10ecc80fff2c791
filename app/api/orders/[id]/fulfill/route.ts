import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { fulfillOrder } from '@/lib/orders/orders';

/** Tops up, marks fulfilled and sells the leads; calling it again returns the same order. */
export const PATCH = apiRoute({ auth: 'member' }, async ({ viewer, params }) =>
  jsonResponse(await fulfillOrder(viewer, uuidParam(params, 'id', 'order'))));
