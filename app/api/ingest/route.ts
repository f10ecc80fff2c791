import { ApiError } from '@/lib/api/errors';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { db } from '@/lib/db/client';
import { authenticateSource } from '@/lib/intake/authenticate';
import { MAX_BODY_BYTES } from '@/lib/intake/parse-body';
import { processIntake } from '@/lib/intake/process-intake';
import { headersOfInterest, readBodyLimited } from '@/lib/intake/read-body';
import { activeSourceCredentials } from '@/lib/intake/source-credentials';

export const POST = apiRoute({}, async ({ req, requestId, log }) => {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    throw new ApiError('payload_too_large', 'body exceeds 1 MiB');
  }
  const rawBody = await readBodyLimited(req.body, MAX_BODY_BYTES);
  if (rawBody === null) throw new ApiError('payload_too_large', 'body exceeds 1 MiB');

  const source = authenticateSource(req.headers, rawBody, await activeSourceCredentials(), Date.now());
  if (!source) {
    log.warn({ ip: req.headers.get('x-forwarded-for'), userAgent: req.headers.get('user-agent') }, 'intake refused: bad or missing credentials');
    throw new ApiError('unauthorized');
  }

  const idempotencyKey = req.headers.get('idempotency-key')?.trim().slice(0, 200) || null;
  const { status, body } = await processIntake(db(), {
    sourceId: source.id,
    requestId,
    rawBody,
    contentType: req.headers.get('content-type'),
    idempotencyKey,
    headers: headersOfInterest(req.headers),
  });
  if (status >= 500) log.error({ source: source.name, intakeId: body.intake_id }, 'intake stored but not processed');
  return jsonResponse(body, { status });
});
