import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { createCallerSchema } from '@/lib/routing/caller-schema';
import { listCallers } from '@/lib/routing/list-callers';
import { saveCaller } from '@/lib/routing/save-caller';
import { appTimeZone } from '@/lib/time/app-time';

/** Every caller with today's load (New York day) and open leads. */
export const GET = apiRoute({ sameOrigin: true }, async () =>
  jsonResponse({ data: await listCallers(await currentViewer(), appTimeZone) }));

export const POST = apiRoute({ body: createCallerSchema, sameOrigin: true }, async ({ body }) =>
  jsonResponse(await saveCaller(await currentViewer(), null, body), { status: 201 }));
