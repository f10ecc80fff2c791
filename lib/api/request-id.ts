import { randomUUID } from 'node:crypto';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is a sane token, otherwise a fresh one. */
export function requestIdFrom(header: string | null): string {
  return header && SAFE_ID.test(header) ? header : randomUUID();
}
