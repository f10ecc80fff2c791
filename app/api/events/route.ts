import { apiRoute, jsonResponse } from '@/lib/api/route';
import { db } from '@/lib/db/client';
import { eventsBodySchema } from '@/lib/scoring/event-schema';
import { processEvents } from '@/lib/scoring/process-events';

/** Scoring events from senders, authenticated like /api/ingest (X-Webhook-Secret or X-Signature). */
export const POST = apiRoute({ auth: 'source', body: eventsBodySchema }, async ({ body, source, log }) => {
  const { status, body: answer } = await processEvents(db(), body, (error) => log.error({ err: error, source: source.name }, 'event failed'));
  return jsonResponse(answer, { status });
});
