import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { leadStats } from '@/lib/orders/orders';

/** Lead counts by status, and by state and status. */
export const GET = apiRoute({ sameOrigin: true }, async () => jsonResponse(await leadStats(await currentViewer())));
