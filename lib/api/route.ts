import 'server-only';
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { logger, type Logger } from '@/lib/log/logger';
import { ApiError, invalidRequest, mapError } from './errors';
import { requestIdFrom } from './request-id';

export interface RouteContext<TBody, TQuery> {
  req: NextRequest;
  requestId: string;
  log: Logger;
  body: TBody;
  query: TQuery;
  params: Record<string, string | string[]>;
}

interface RouteOptions<TBody extends z.ZodType | undefined, TQuery extends z.ZodType | undefined> {
  body?: TBody;
  query?: TQuery;
  /**
   * For endpoints the dashboard calls as its viewer: refuse requests another site's page makes
   * the browser send (CSRF). Webhook endpoints leave this off: landing pages post cross-site.
   */
  sameOrigin?: boolean;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/**
 * The one wrapper every route handler goes through: request id in and out, zod-parsed body
 * and query, one access-log line, and errors mapped to the closed set of codes.
 */
export function apiRoute<
  TBody extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<TBody, TQuery>,
  handler: (ctx: RouteContext<Infer<TBody>, Infer<TQuery>>) => Promise<Response>,
) {
  return async (req: NextRequest, segment: { params: Promise<Record<string, string | string[]>> }) => {
    const startedAt = performance.now();
    const requestId = requestIdFrom(req.headers.get('x-request-id'));
    const log = logger.child({ requestId });
    let response: Response;
    try {
      if (options.sameOrigin) assertSameOrigin(req);
      const query = options.query ? parseInput(options.query, Object.fromEntries(req.nextUrl.searchParams)) : undefined;
      const body = options.body ? parseInput(options.body, await readJson(req)) : undefined;
      response = await handler({
        req,
        requestId,
        log,
        body: body as Infer<TBody>,
        query: query as Infer<TQuery>,
        params: (await segment?.params) ?? {},
      });
    } catch (error) {
      const mapped = mapError(error);
      if (!mapped.expected) log.error({ err: error }, 'request failed');
      const headers: Record<string, string> = mapped.status === 503 ? { 'Retry-After': '5' } : {};
      response = jsonResponse(
        {
          ok: false,
          error: mapped.code,
          ...(mapped.expected && mapped.message && mapped.message !== mapped.code ? { message: mapped.message } : {}),
          ...(mapped.details ? { details: mapped.details } : {}),
          ...(mapped.status >= 500 ? { request_id: requestId } : {}),
        },
        { status: mapped.status, headers },
      );
    }
    response.headers.set('X-Request-Id', requestId);
    log.info(
      { method: req.method, path: req.nextUrl.pathname, status: response.status, ms: Math.round(performance.now() - startedAt) },
      'request',
    );
    return response;
  };
}

export function jsonResponse(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(data), { ...init, headers });
}

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidRequest(result.error.issues);
  return result.data;
}

function assertSameOrigin(req: NextRequest): void {
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new ApiError('forbidden', 'cross-site request refused');
  const origin = req.headers.get('origin');
  if (origin && new URL(origin).host !== req.headers.get('host')) throw new ApiError('forbidden', 'cross-site request refused');
}

async function readJson(req: NextRequest): Promise<unknown> {
  const text = await req.text();
  if (!text) return undefined;
  // Only JSON bodies: a cross-site form or text/plain post cannot pass for one.
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError('bad_request', 'send the body as application/json');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', 'body is not valid JSON');
  }
}
