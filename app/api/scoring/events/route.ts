import { apiRoute, jsonResponse } from '@/lib/api/route';
import { eventsUploadSchema } from '@/lib/scoring/event-schema';
import { recordEventsAsViewer } from '@/lib/scoring/process-events';

/** One chunk of a dashboard events CSV upload, as the viewer: a result per event, in order. */
export const POST = apiRoute({ auth: 'member', body: eventsUploadSchema }, async ({ viewer, body, log }) =>
  jsonResponse({ ok: true, results: await recordEventsAsViewer(viewer, body, (error) => log.error({ err: error }, 'event failed')) }));
