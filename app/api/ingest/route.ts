import { apiRoute, jsonResponse } from '@/lib/api/route';
import { db } from '@/lib/db/client';
import { normalizeIdempotencyKey } from '@/lib/intake/normalize/idempotency-key';
import { processIntake } from '@/lib/intake/process-intake';
import { decodeBody, headersOfInterest } from '@/lib/intake/read-body';

/** Leads from webhooks: any body a sender can post (JSON, a JSON array, a form), stored raw first. */
export const POST = apiRoute({ auth: 'source' }, async ({ req, requestId, log, source, bytes }) => {
  const { status, body } = await processIntake(db(), {
    sourceId: source.id,
    requestId,
    rawBody: decodeBody(bytes),
    contentType: req.headers.get('content-type'),
    idempotencyKey: normalizeIdempotencyKey(req.headers.get('idempotency-key')),
    headers: headersOfInterest(req.headers),
    onError: (error) => log.error({ err: error, source: source.name }, 'intake kept but not processed'),
  });
  if (status >= 500) log.error({ source: source.name, intakeId: body.intake_id }, 'intake stored but not processed');
  return jsonResponse(body, { status });
});
