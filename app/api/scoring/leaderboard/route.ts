import { z } from 'zod';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { currentViewer } from '@/lib/auth/current-viewer';
import { leaderboard } from '@/lib/scoring/scoring';

export const GET = apiRoute({ query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) }), sameOrigin: true }, async ({ query }) =>
  jsonResponse({ data: await leaderboard(await currentViewer(), query.limit) }));
