import { apiRoute, jsonResponse } from '@/lib/api/route';
import { stateCapsBodySchema } from '@/lib/orders/order-schema';
import { getStateCaps, setStateCaps, stateCapsJson } from '@/lib/orders/orders';

/** Global per-state caps for orders and their version, e.g. `{"CA":10,"version":4}`. */
export const GET = apiRoute({ auth: 'member' }, async ({ viewer }) => jsonResponse(stateCapsJson(await getStateCaps(viewer))));

/**
 * `{"CA":10,"TX":null}` sets CA and removes TX's cap (the default then applies). With
 * `"version"` (as read), caps changed since then are not saved: 409 with `current`, the caps now.
 */
export const PUT = apiRoute({ auth: 'member', body: stateCapsBodySchema }, async ({ viewer, body }) =>
  jsonResponse(stateCapsJson(await setStateCaps(viewer, body.caps, body.version))));
