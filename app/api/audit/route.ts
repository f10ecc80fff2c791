import { apiRoute, jsonResponse } from '@/lib/api/route';
import { listAudit, listAuditQuery } from '@/lib/audit/list-audit';

/**
 * `?table=&action=&actor=&row_id=&from=&to=&page=&per_page=` → `{"data","page","per_page","total"}`,
 * newest first. Admins see every row, managers all but keys, sources, members and settings; callers none.
 */
export const GET = apiRoute({ auth: 'member', query: listAuditQuery }, async ({ viewer, query }) =>
  jsonResponse(await listAudit(viewer, query)));
