import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken, hashApiKey, isApiKeyShaped, viewerForApiKey } from '@/lib/auth/api-keys';
import { clientIpFrom } from './client-ip';
import { currentViewer } from '@/lib/auth/current-viewer';
import { authenticateApiKey, takeRateToken } from '@/lib/auth/privileged';
import type { Viewer } from '@/lib/auth/viewer';
import { env } from '@/lib/env';
import { authenticateSource, type SourceCredential } from '@/lib/intake/authenticate';
import { MAX_BODY_BYTES } from '@/lib/intake/parse-body';
import { readBodyLimited } from '@/lib/intake/read-body';
import { activeSourceCredentials } from '@/lib/intake/source-credentials';
import type { Logger } from '@/lib/log/logger';
import { ApiError } from './errors';

/** Who may call a route, by `apiRoute({ auth })`, and what its handler learns about them. */
export interface RouteCallers {
  /** Anyone (health checks). */
  none: object;
  /**
   * A webhook sender: `X-Webhook-Secret`, or `X-Signature` over the raw body. The handler gets
   * the source and the body's bytes exactly as sent, read once.
   */
  source: { source: SourceCredential; bytes: Buffer };
  /** The dashboard's viewer, and only from a page of this site (dashboard-only endpoints). */
  viewer: { viewer: Viewer };
  /** The dashboard's viewer as for `viewer`, or a script with an API key (`Authorization: Bearer`). */
  member: { viewer: Viewer };
  /** The scheduler that ticks the automation rules: `Authorization: Bearer <CRON_SECRET>`. */
  cron: object;
}

export type RouteAuth = keyof RouteCallers;

/** One way in per `auth` value; a new kind of caller is one more entry here and in RouteCallers. */
export const authenticate: { [A in RouteAuth]: (req: Request, log: Logger) => Promise<RouteCallers[A]> } = {
  none: async () => ({}),
  source: authenticateSender,
  viewer: async (req) => {
    if (bearerToken(req) !== null) throw new ApiError('forbidden', 'this endpoint is for the dashboard only; API keys are not accepted here');
    assertSameOrigin(req);
    return { viewer: await currentViewer() };
  },
  member: async (req) => {
    const token = bearerToken(req);
    if (token === null) {
      assertSameOrigin(req);
      return { viewer: await currentViewer() };
    }
    return { viewer: { ...(await apiKeyViewer(token)), clientIp: clientIpFrom(req.headers) } };
  },
  cron: async (req) => {
    if (!env.CRON_SECRET) throw new ApiError('unavailable', 'CRON_SECRET is not set, so the tick is off');
    const token = bearerToken(req);
    if (token === null || !sameSecret(token, env.CRON_SECRET)) throw new ApiError('unauthorized');
    return {};
  },
};

/**
 * Compares digests, which always have the same length: timingSafeEqual needs equal lengths, and
 * comparing the secrets themselves would tell by its time how long the secret is.
 */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The viewer behind a bearer key, counted against its rate limit. Cookies are ignored: a script
 * never rides on a browser session, so no same-origin check is needed either.
 */
async function apiKeyViewer(token: string): Promise<Viewer> {
  const key = isApiKeyShaped(token) ? await authenticateApiKey(hashApiKey(token)) : null;
  if (!key) throw new ApiError('unauthorized', 'unknown or revoked API key');
  if (key.retry_after > 0) {
    throw new ApiError('rate_limited', `this API key is over its rate limit; retry in ${key.retry_after} s`, undefined, key.retry_after);
  }
  return viewerForApiKey(key);
}

/**
 * Size limit first (a sender cannot make us buffer more than 1 MiB, authenticated or not), then
 * the raw bytes, which the signature covers, then the credentials.
 */
async function authenticateSender(req: Request, log: Logger): Promise<RouteCallers['source']> {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
    throw new ApiError('payload_too_large', 'body exceeds 1 MiB');
  }
  const bytes = await readBodyLimited(req.body, MAX_BODY_BYTES);
  if (bytes === null) throw new ApiError('payload_too_large', 'body exceeds 1 MiB');
  const source = authenticateSource(req.headers, bytes, await activeSourceCredentials(), Date.now());
  if (!source) {
    log.warn({ ip: req.headers.get('x-forwarded-for'), userAgent: req.headers.get('user-agent') }, 'webhook refused: bad or missing credentials');
    throw new ApiError('unauthorized');
  }
  if (source.rateLimitPerMinute !== null) {
    const wait = await takeRateToken(`source:${source.id}`, source.rateLimitPerMinute);
    if (wait > 0) throw new ApiError('rate_limited', `source ${source.name} is over its rate limit; retry in ${wait} s`, undefined, wait);
  }
  return { source, bytes };
}

/**
 * Refuses requests another site's page makes the browser send (CSRF): the viewer's session
 * would ride along. Webhook routes skip this: landing pages post to them cross-site.
 */
function assertSameOrigin(req: Request): void {
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new ApiError('forbidden', 'cross-site request refused');
  const origin = req.headers.get('origin');
  if (origin && hostOf(origin) !== req.headers.get('host')) throw new ApiError('forbidden', 'cross-site request refused');
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    // `Origin: null` (sandboxed frames, some redirects) names no site: never this one.
    return null;
  }
}
