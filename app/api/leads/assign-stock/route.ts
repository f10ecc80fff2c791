import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { assignStockBodySchema, assignStockLeads } from '@/lib/routing/assign';

/** Routes up to `limit` stock leads after lead `after`; call again with `next_after` until it is null. */
export const POST = apiRoute({ body: assignStockBodySchema.optional(), sameOrigin: true }, async ({ body }) =>
  jsonResponse(await assignStockLeads(await currentViewer(), body?.limit, body?.after ?? null)));
