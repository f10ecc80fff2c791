import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { updateCallerSchema } from '@/lib/routing/caller-schema';
import { saveCaller } from '@/lib/routing/save-caller';

/**
 * Changes only the fields sent; `{"active":false}` deactivates. With `"version"` (the caller's,
 * as read), a caller changed since then is not saved: 409 with `current`, the caller as it is now.
 */
export const PATCH = apiRoute({ auth: 'member', body: updateCallerSchema }, async ({ viewer, body: { version, ...fields }, params }) =>
  jsonResponse(await saveCaller(viewer, uuidParam(params, 'id', 'caller'), fields, version)));
