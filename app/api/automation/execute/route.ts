import { apiRoute, jsonResponse } from '@/lib/api/route';
import { executeRequest } from '@/lib/automation/execute-request';
import { db } from '@/lib/db/client';

/**
 * Runs automation commands as the member: one as JSON `{"command","params"}`, or a text/plain
 * script of one per line; `dry_run=true` rolls it all back. Answers `{"ok","result"|"error"}`
 * (a script: `{"ok","results"}`) with the status of the first failure.
 */
export const POST = apiRoute({ auth: 'member' }, async ({ req, viewer, requestId, log }) => {
  const answer = await executeRequest(req, db(), viewer, { requestId, onUnexpected: (error) => log.error({ err: error }, 'command failed') });
  return jsonResponse(answer.body, { status: answer.status, headers: answer.retryAfter ? { 'Retry-After': String(answer.retryAfter) } : {} });
});
