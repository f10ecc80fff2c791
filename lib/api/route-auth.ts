import 'server-only';
import { currentViewer } from '@/lib/auth/current-viewer';
import type { Viewer } from '@/lib/auth/viewer';
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
  /** The dashboard's viewer, and only from a page of this site. */
  viewer: { viewer: Viewer };
}

export type RouteAuth = keyof RouteCallers;

/** One way in per `auth` value; a new kind of caller is one more entry here and in RouteCallers. */
export const authenticate: { [A in RouteAuth]: (req: Request, log: Logger) => Promise<RouteCallers[A]> } = {
  none: async () => ({}),
  source: authenticateSender,
  viewer: async (req) => {
    assertSameOrigin(req);
    return { viewer: await currentViewer() };
  },
};

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
