import { ApiError } from '@/lib/api/errors';
import { apiRoute, jsonResponse } from '@/lib/api/route';
import { db } from '@/lib/db/client';
import { authenticateSource } from '@/lib/intake/authenticate';
import { MAX_BODY_BYTES } from '@/lib/intake/parse-body';
import { decodeBody, readBodyLimited } from '@/lib/intake/read-body';
import { activeSourceCredentials } from '@/lib/intake/source-credentials';
import { processEvents } from '@/lib/scoring/process-events';

/** Scoring events from senders, authenticated like /api/ingest (X-Webhook-Secret or X-Signature). */
export const POST = apiRoute({}, async ({ req, log }) => {
  const bytes = await readBodyLimited(req.body, MAX_BODY_BYTES);
  if (bytes === null) throw new ApiError('payload_too_large', 'body exceeds 1 MiB');
  const source = authenticateSource(req.headers, bytes, await activeSourceCredentials(), Date.now());
  if (!source) {
    log.warn({ userAgent: req.headers.get('user-agent') }, 'events refused: bad or missing credentials');
    throw new ApiError('unauthorized');
  }
  let body: unknown;
  try {
    body = JSON.parse(decodeBody(bytes));
  } catch {
    throw new ApiError('bad_request', 'body is not valid JSON');
  }
  const { status, body: answer } = await processEvents(db(), body, (error) => log.error({ err: error, source: source.name }, 'event failed'));
  return jsonResponse(answer, { status });
});
