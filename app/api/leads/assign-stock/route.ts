import { apiRoute, jsonResponse } from '@/lib/api/route';
import { assignStockBodySchema, assignStockLeads } from '@/lib/routing/assign';

/** Routes up to `limit` stock leads after lead `after`; call again with `next_after` until it is null. */
export const POST = apiRoute({ auth: 'member', body: assignStockBodySchema.optional() }, async ({ viewer, body }) =>
  jsonResponse(await assignStockLeads(viewer, body?.limit, body?.after ?? null)));
