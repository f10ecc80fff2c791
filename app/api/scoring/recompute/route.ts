import { apiRoute, jsonResponse } from '@/lib/api/route';
import { startRescore } from '@/lib/scoring/scoring';

/** Starts re-scoring every lead; then POST /api/scoring/recompute/:id until finished_at is set. */
export const POST = apiRoute({ auth: 'member' }, async ({ viewer }) => jsonResponse(await startRescore(viewer), { status: 201 }));
