import { apiRoute, jsonResponse } from '@/lib/api/route';
import { stateCapsSchema } from '@/lib/orders/order-schema';
import { getStateCaps, setStateCaps } from '@/lib/orders/orders';

/** Global per-state caps for orders, e.g. `{"CA":10}`. */
export const GET = apiRoute({ auth: 'member' }, async ({ viewer }) => jsonResponse(await getStateCaps(viewer)));

/** `{"CA":10,"TX":null}` sets CA and removes TX's cap (the default then applies). */
export const PUT = apiRoute({ auth: 'member', body: stateCapsSchema }, async ({ viewer, body }) =>
  jsonResponse(await setStateCaps(viewer, body)));
