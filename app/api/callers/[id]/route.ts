import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { callerFieldsSchema } from '@/lib/routing/caller-schema';
import { saveCaller } from '@/lib/routing/save-caller';

/** Changes only the fields sent; `{"active":false}` deactivates. */
export const PATCH = apiRoute({ auth: 'member', body: callerFieldsSchema }, async ({ viewer, body, params }) =>
  jsonResponse(await saveCaller(viewer, uuidParam(params, 'id', 'caller'), body)));
