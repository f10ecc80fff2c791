/** The closed set of error codes an API response can carry, with their HTTP status. */
export const errorStatus = {
  bad_request: 400,
  invalid_payload: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** A zod failure on what the client sent, as a 400 that names the failing fields. */
export function invalidRequest(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ApiError {
  return new ApiError(
    'bad_request',
    'invalid request',
    issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? code);
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

const statusToCode = new Map<number, ErrorCode>(
  Object.entries(errorStatus).map(([code, status]) => [status, code as ErrorCode]),
);

// SQLSTATEs and driver error codes that mean "not now, try again": the database is not
// reachable, or this transaction lost a deadlock or serialization race to another one.
const UNAVAILABLE = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED', 'CONNECTION_ENDED', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08006',
  '40P01', '40001', '55P03',
]);

export interface MappedError {
  status: number;
  code: ErrorCode;
  /** Safe to show a client; never the text of an unexpected error. */
  message?: string;
  details?: unknown;
  expected: boolean;
}

/**
 * Turns anything thrown by a handler into a response shape. SQL functions raise `PTxyz`
 * (HTTP xyz) or P0001 (400) with readable messages, which pass through; everything else,
 * including a zod failure on our own data, is an internal error whose text stays in the log.
 */
export function mapError(error: unknown): MappedError {
  if (error instanceof ApiError) {
    return { status: error.status, code: error.code, message: error.message, details: error.details, expected: true };
  }
  const sqlState = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (UNAVAILABLE.has(sqlState)) {
    return { status: 503, code: 'unavailable', message: 'database busy or unavailable, retry shortly', expected: false };
  }
  const message = error instanceof Error ? error.message : undefined;
  const pt = /^PT(\d{3})$/.exec(sqlState);
  if (pt) {
    const status = Number(pt[1]);
    return { status, code: statusToCode.get(status) ?? 'bad_request', message, expected: true };
  }
  if (sqlState === 'P0001') {
    return { status: 400, code: 'bad_request', message, expected: true };
  }
  return { status: 500, code: 'internal_error', expected: false };
}
