import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { startRescore } from '@/lib/scoring/scoring';

/** Starts re-scoring every lead; then POST /api/scoring/recompute/:id until finished_at is set. */
export const POST = apiRoute({ sameOrigin: true }, async () => jsonResponse(await startRescore(await currentViewer()), { status: 201 }));
