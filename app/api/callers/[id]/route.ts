import { uuidParam } from '@/lib/api/params';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { callerFieldsSchema } from '@/lib/routing/caller-schema';
import { saveCaller } from '@/lib/routing/save-caller';

/** Changes only the fields sent; `{"active":false}` deactivates. */
export const PATCH = apiRoute({ body: callerFieldsSchema, sameOrigin: true }, async ({ body, params }) =>
  jsonResponse(await saveCaller(await currentViewer(), uuidParam(params, 'id', 'caller'), body)));
