import { apiRoute, jsonResponse } from '@/lib/api/route';
import { createCallerSchema } from '@/lib/routing/caller-schema';
import { listCallers } from '@/lib/routing/list-callers';
import { saveCaller } from '@/lib/routing/save-caller';

/** Every caller with today's load (New York day) and open leads. */
export const GET = apiRoute({ auth: 'member' }, async ({ viewer }) =>
  jsonResponse({ data: await listCallers(viewer) }));

export const POST = apiRoute({ auth: 'member', body: createCallerSchema }, async ({ viewer, body }) =>
  jsonResponse(await saveCaller(viewer, null, body), { status: 201 }));
