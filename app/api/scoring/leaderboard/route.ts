import { z } from 'zod';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { leaderboard } from '@/lib/scoring/scoring';

const leaderboardQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

export const GET = apiRoute({ auth: 'member', query: leaderboardQuery }, async ({ viewer, query }) =>
  jsonResponse({ data: await leaderboard(viewer, query.limit) }));
