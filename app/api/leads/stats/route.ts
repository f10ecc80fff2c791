import { apiRoute, jsonResponse } from '@/lib/api/route';
import { leadStats } from '@/lib/orders/orders';

/** Lead counts by status, and by state and status. */
export const GET = apiRoute({ auth: 'member' }, async ({ viewer }) => jsonResponse(await leadStats(viewer)));
