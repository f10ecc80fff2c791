import { apiRoute, jsonResponse } from '@/lib/api/route';
import { db } from '@/lib/db/client';

/*
 * The automation tick, for a scheduler outside the database (Vercel Cron; anything that can send
 * a request each minute). The server's own connection carries no member's claims, so
 * run_due_automations runs as trusted, as it does under pg_cron; it runs each due window once
 * however many tickers call at the same moment.
 */
const tick = apiRoute({ auth: 'cron' }, async () => {
  const [row] = await db()`select public.run_due_automations() as r`;
  return jsonResponse({ ok: true, result: row!.r });
});

export const POST = tick;
// Vercel Cron sends GET (with `Authorization: Bearer $CRON_SECRET`).
export const GET = tick;
