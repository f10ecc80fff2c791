import { apiRoute, jsonResponse } from '@/lib/api/route';
import { createSource, createSourceSchema, listSources } from '@/lib/intake/sources';

export const GET = apiRoute({ auth: 'viewer' }, async ({ viewer }) => jsonResponse({ data: await listSources(viewer) }));

/** Creates a webhook source; the response is the only time its secret is shown. */
export const POST = apiRoute({ auth: 'viewer', body: createSourceSchema }, async ({ viewer, body }) => {
  const { source, secret } = await createSource(viewer, body.name);
  return jsonResponse({ source, secret }, { status: 201 });
});
