import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { fulfillOrder } from '@/lib/orders/orders';

/** Tops up, marks fulfilled and sells the leads; calling it again returns the same order. */
export const PATCH = apiRoute({ sameOrigin: true }, async ({ params }) =>
  jsonResponse(await fulfillOrder(await currentViewer(), uuidParam(params, 'id', 'order'))));
