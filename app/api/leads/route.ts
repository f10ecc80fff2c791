import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { listLeads, listLeadsQuery } from '@/lib/leads/list-leads';

/** `?status=&state=&page=&per_page=` → `{"data","page","per_page","total"}` */
export const GET = apiRoute({ query: listLeadsQuery, sameOrigin: true }, async ({ query }) =>
  jsonResponse(await listLeads(await currentViewer(), query)));
