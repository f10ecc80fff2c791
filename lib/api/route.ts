import 'server-only';
import { z } from 'zod';
import type { Release } from '@/lib/concurrency/admission';
import { enterRequestGate } from '@/lib/db/request-gate';
import { decodeBody } from '@/lib/intake/read-body';
import { logger, type Logger } from '@/lib/log/logger';
import { ApiError, errorFields, mapError, parseOrThrow } from './errors';
import { shapeProblem } from './json-shape';
import { requestIdFrom } from './request-id';
import { authenticate, type RouteAuth, type RouteCallers } from './route-auth';

export type RouteContext<A extends RouteAuth, TBody, TQuery> = RouteCallers[A] & {
  req: Request;
  requestId: string;
  log: Logger;
  body: TBody;
  query: TQuery;
  params: Record<string, string | string[]>;
};

interface RouteOptions<A extends RouteAuth, TBody extends z.ZodType | undefined, TQuery extends z.ZodType | undefined> {
  /** Required, so that every route says who may call it. */
  auth: A;
  /**
   * The JSON body's schema. Webhook (`source`) bodies are read from the authenticated bytes,
   * whatever their content type; every other body must be sent as application/json, which a
   * cross-site form or text/plain post cannot pass for. (A route that reads a text/plain body
   * itself, as the automation commands do, has only the same-origin check against that.)
   */
  body?: TBody;
  query?: TQuery;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/**
 * The one wrapper every route handler goes through: request id in and out, the caller
 * authenticated as `auth` says, zod-parsed body and query, one access-log line, and errors
 * mapped to the closed set of codes.
 */
export function apiRoute<
  A extends RouteAuth,
  TBody extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<A, TBody, TQuery>,
  handler: (ctx: RouteContext<A, Infer<TBody>, Infer<TQuery>>) => Promise<Response>,
) {
  return async (req: Request, segment: { params: Promise<Record<string, string | string[]>> }) => {
    const startedAt = performance.now();
    const requestId = requestIdFrom(req.headers.get('x-request-id'));
    const log = logger.child({ requestId });
    const url = new URL(req.url);
    let response: Response;
    let release: Release | undefined;
    try {
      const caller = await authenticate[options.auth](req, log);
      // After authentication, so that requests nobody may make never take a place from those
      // who may. Health checks skip the line, to tell "busy" from "down" themselves.
      if (options.auth !== 'none') release = await enterRequestGate(req.signal);
      const query = options.query ? parseOrThrow(options.query, queryOf(url.searchParams)) : undefined;
      const body = options.body
        ? parseOrThrow(options.body, 'bytes' in caller ? jsonOf(decodeBody(caller.bytes)) : await readJson(req))
        : undefined;
      response = await handler({
        ...caller,
        req,
        requestId,
        log,
        body: body as Infer<TBody>,
        query: query as Infer<TQuery>,
        params: (await segment?.params) ?? {},
      } as RouteContext<A, Infer<TBody>, Infer<TQuery>>);
    } catch (error) {
      const mapped = mapError(error);
      if (!mapped.expected) log.error({ err: error }, 'request failed');
      response = jsonResponse(
        { ok: false, ...errorFields(mapped), ...(mapped.status >= 500 ? { request_id: requestId } : {}) },
        { status: mapped.status, headers: mapped.retryAfter ? { 'Retry-After': String(mapped.retryAfter) } : {} },
      );
    } finally {
      release?.();
    }
    response.headers.set('X-Request-Id', requestId);
    log.info({ method: req.method, path: url.pathname, status: response.status, ms: Math.round(performance.now() - startedAt) }, 'request');
    return response;
  };
}

export function jsonResponse(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(data), { ...init, headers });
}

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text) return undefined;
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError('bad_request', 'send the body as application/json');
  }
  return jsonOf(text);
}

/** JSON text as a value, or the 400 that says why not: invalid, NUL in a key or string, too deep or wide. */
export function jsonOf(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text, (key, inner: unknown) => {
      refuseNul(key);
      if (typeof inner === 'string') refuseNul(inner);
      return inner;
    });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('bad_request', 'body is not valid JSON');
  }
  const tooBig = shapeProblem(value);
  if (tooBig) throw new ApiError('bad_request', tooBig);
  return value;
}

function queryOf(params: URLSearchParams): Record<string, string> {
  for (const [key, value] of params) {
    refuseNul(key);
    refuseNul(value);
  }
  return Object.fromEntries(params);
}

// PostgreSQL text and jsonb cannot hold U+0000: it is the client's error, said here, rather
// than the database's, which would surface as a 500.
function refuseNul(text: string): void {
  if (text.includes('\u0000')) throw new ApiError('bad_request', 'text may not contain NUL (\\u0000) characters');
}
