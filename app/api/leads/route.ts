import { apiRoute, jsonResponse } from '@/lib/api/route';
import { listLeads, listLeadsQuery } from '@/lib/leads/list-leads';

/** `?status=&state=&page=&per_page=` → `{"data","page","per_page","total"}` */
export const GET = apiRoute({ auth: 'member', query: listLeadsQuery }, async ({ viewer, query }) =>
  jsonResponse(await listLeads(viewer, query)));
