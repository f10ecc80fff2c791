import type { z } from 'zod';

/**
 * The closed set of error codes an API response, a batch item or a form can carry: each with its
 * HTTP status and the codes on thrown errors that mean it. Those are the SQLSTATEs our SQL
 * functions raise with readable messages (PostgREST's `PTxyz` = HTTP xyz, plain `raise` = P0001)
 * and, for `unavailable`, the server's and the driver's ways of saying "not now, retry": the
 * database is not reachable, or this transaction lost a deadlock or serialization race.
 */
export const errorTable = {
  bad_request: { status: 400, raisedAs: ['P0001', 'PT400'] },
  invalid_payload: { status: 400, raisedAs: [] },
  unauthorized: { status: 401, raisedAs: ['PT401'] },
  forbidden: { status: 403, raisedAs: ['PT403'] },
  not_found: { status: 404, raisedAs: ['PT404'] },
  conflict: { status: 409, raisedAs: ['PT409'] },
  payload_too_large: { status: 413, raisedAs: ['PT413'] },
  unprocessable: { status: 422, raisedAs: ['PT422'] },
  rate_limited: { status: 429, raisedAs: ['PT429'] },
  internal_error: { status: 500, raisedAs: [] },
  unavailable: {
    status: 503,
    raisedAs: [
      'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED',
      'CONNECTION_ENDED', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08006', '40P01', '40001', '55P03',
    ],
  },
} as const satisfies Record<string, { status: number; raisedAs: readonly string[] }>;

export type ErrorCode = keyof typeof errorTable;

export function statusOf(code: ErrorCode): number {
  return errorTable[code].status;
}

const codeRaisedAs = new Map<string, ErrorCode>(
  Object.entries(errorTable).flatMap(([code, { raisedAs }]) => raisedAs.map((raised) => [raised, code as ErrorCode] as const)),
);

/** One failing field of a request: where, and what is wrong with it. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorDetail[],
    /** Seconds the client should wait before trying again (`Retry-After`). */
    readonly retryAfter?: number,
  ) {
    super(message ?? code);
  }
  get status(): number {
    return statusOf(this.code);
  }
}

/** A zod failure on what the client sent, always a 400 that names the failing fields. */
export function invalidRequest(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ApiError {
  return new ApiError(
    'bad_request',
    'invalid request',
    issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

/** `schema`'s output for `input`, or the 400 that names the failing fields. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidRequest(result.error.issues);
  return result.data;
}

export interface MappedError {
  status: number;
  code: ErrorCode;
  /** Safe to show a client; never the text of an unexpected error. */
  message?: string;
  details?: ErrorDetail[];
  /** False when the error must be logged: its cause is ours or the database's, not the client's. */
  expected: boolean;
  /** Seconds before a retry may succeed: a 503 or a 429. */
  retryAfter?: number;
  /**
   * A 409 from a save made from an older version: the record as it is now, which the SQL
   * function raised as JSON in the error's DETAIL (`using errcode = 'PT409', detail = …`).
   */
  current?: Record<string, unknown>;
}

/**
 * Turns anything thrown into one of the codes of `errorTable`. ApiErrors and client errors
 * raised by SQL functions keep their messages, which are written for people; server-side ones
 * (the database away) and everything else, including a zod failure on our own data, carry no
 * text: that stays in the log.
 */
export function mapError(error: unknown): MappedError {
  if (error instanceof ApiError) {
    return { status: error.status, code: error.code, message: error.message, details: error.details, expected: true, retryAfter: error.retryAfter };
  }
  const raised = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const code = codeRaisedAs.get(raised) ?? 'internal_error';
  const status = statusOf(code);
  if (code === 'unavailable') return { status, code, expected: false, retryAfter: 5 };
  if (status >= 500) return { status, code, expected: false };
  const current = raised === 'PT409' ? currentRecordOf(error) : undefined;
  return { status, code, message: error instanceof Error ? error.message : undefined, expected: true, ...(current ? { current } : {}) };
}

/**
 * The current record a PT409 carries in its DETAIL, when that is a JSON object. Read only for
 * PT409: the DETAIL of any other error may hold internals (a constraint's failing row, …).
 */
function currentRecordOf(error: unknown): Record<string, unknown> | undefined {
  const detail = typeof error === 'object' && error !== null && 'detail' in error ? error.detail : undefined;
  if (typeof detail !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(detail);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The error as a client sees it, in a response body or a batch item. */
export function errorFields(mapped: MappedError): {
  error: ErrorCode;
  message?: string;
  details?: ErrorDetail[];
  current?: Record<string, unknown>;
} {
  return {
    error: mapped.code,
    ...(mapped.message && mapped.message !== mapped.code ? { message: mapped.message } : {}),
    ...(mapped.details ? { details: mapped.details } : {}),
    ...(mapped.current ? { current: mapped.current } : {}),
  };
}
