import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { createSource, createSourceSchema, listSources } from '@/lib/intake/sources';

export const GET = apiRoute({ sameOrigin: true }, async () => jsonResponse({ data: await listSources(await currentViewer()) }));

/** Creates a webhook source; the response is the only time its secret is shown. */
export const POST = apiRoute({ body: createSourceSchema, sameOrigin: true }, async ({ body }) => {
  const { source, secret } = await createSource(await currentViewer(), body.name);
  return jsonResponse({ source, secret }, { status: 201 });
});
