import { apiRoute, jsonResponse } from '@/lib/api/route';
import { db } from '@/lib/db/client';
import { pingDatabase } from '@/lib/db/ping';

// Under ~2 s in all: a load balancer must be able to tell "down" from "slow".
const DB_TIMEOUT_MS = 1500;

export const GET = apiRoute({ auth: 'none' }, async () => {
  const up = await pingDatabase(db, DB_TIMEOUT_MS);
  return jsonResponse(
    { ok: up, timestamp: new Date().toISOString(), db: up ? 'up' : 'down' },
    up ? { status: 200 } : { status: 503, headers: { 'Retry-After': '5' } },
  );
});
