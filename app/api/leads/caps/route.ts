import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { stateCapsSchema } from '@/lib/orders/order-schema';
import { getStateCaps, setStateCaps } from '@/lib/orders/orders';

/** Global per-state caps for orders, e.g. `{"CA":10}`. */
export const GET = apiRoute({ sameOrigin: true }, async () => jsonResponse(await getStateCaps(await currentViewer())));

/** `{"CA":10,"TX":null}` sets CA and removes TX's cap (the default then applies). */
export const PUT = apiRoute({ body: stateCapsSchema, sameOrigin: true }, async ({ body }) =>
  jsonResponse(await setStateCaps(await currentViewer(), body)));
