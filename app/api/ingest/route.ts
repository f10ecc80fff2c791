import { ApiError } from '@/lib/api/errors';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { db } from '@/lib/db/client';
import { authenticateSource } from '@/lib/intake/authenticate';
import { normalizeIdempotencyKey } from '@/lib/intake/normalize/idempotency-key';
import { MAX_BODY_BYTES } from '@/lib/intake/parse-body';
import { processIntake } from '@/lib/intake/process-intake';
import { decodeBody, headersOfInterest, readBodyLimited } from '@/lib/intake/read-body';
import { activeSourceCredentials } from '@/lib/intake/source-credentials';

export const POST = apiRoute({}, async ({ req, requestId, log }) => {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    throw new ApiError('payload_too_large', 'body exceeds 1 MiB');
  }
  const bytes = await readBodyLimited(req.body, MAX_BODY_BYTES);
  if (bytes === null) throw new ApiError('payload_too_large', 'body exceeds 1 MiB');

  const source = authenticateSource(req.headers, bytes, await activeSourceCredentials(), Date.now());
  if (!source) {
    log.warn({ ip: req.headers.get('x-forwarded-for'), userAgent: req.headers.get('user-agent') }, 'intake refused: bad or missing credentials');
    throw new ApiError('unauthorized');
  }

  const idempotencyKey = normalizeIdempotencyKey(req.headers.get('idempotency-key'));
  const { status, body } = await processIntake(db(), {
    sourceId: source.id,
    requestId,
    rawBody: decodeBody(bytes),
    contentType: req.headers.get('content-type'),
    idempotencyKey,
    headers: headersOfInterest(req.headers),
    onError: (error) => log.error({ err: error, source: source.name }, 'intake kept but not processed'),
  });
  if (status >= 500) log.error({ source: source.name, intakeId: body.intake_id }, 'intake stored but not processed');
  return jsonResponse(body, { status });
});
