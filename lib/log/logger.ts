import 'server-only';
import pino from 'pino';
import { env } from '@/lib/env';

/** Structured JSON logs on stdout; one child logger per request carries its request id. */
export const logger = pino({
  level: env.LOG_LEVEL,
  base: { service: 'leadops' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ['headers["x-webhook-secret"]', 'headers.authorization'], censor: '[redacted]' },
});

export type Logger = pino.Logger;
