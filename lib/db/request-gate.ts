import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { Admission, type Release } from '@/lib/concurrency/admission';
import { env } from '@/lib/env';

// One gate per server process, kept on globalThis like the pool it protects.
const store = globalThis as typeof globalThis & { leadopsRequestGate?: Admission };

/**
 * A place among the API requests that may use the database now (DB_REQUEST_LIMIT), after a
 * wait of at most DB_QUEUE_MS; past that a 503 with Retry-After. Without it, postgres.js would
 * queue every query behind its 10 connections without end: under overload, requests would
 * hang and memory grow with the line instead of the client being told to come back.
 */
export async function enterRequestGate(signal?: AbortSignal): Promise<Release> {
  store.leadopsRequestGate ??= new Admission(env.DB_REQUEST_LIMIT, env.DB_QUEUE_MS);
  const release = await store.leadopsRequestGate.enter(signal);
  if (!release) throw new ApiError('unavailable', 'the server is busy; retry shortly', undefined, 1);
  return release;
}
