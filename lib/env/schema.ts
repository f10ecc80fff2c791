import { z } from 'zod';

// Empty strings in .env files mean "not set", not "set to nothing".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const port = z.coerce.number().int().min(1).max(65535);

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as America/New_York' },
);

/** Every environment variable LeadOps reads, with its default and how to fix it when wrong. */
export const envSchema = z.object({
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string'),
  ),
  EMBEDDED_DB_PORT: optional(port).default(54322),
  EMBEDDED_DB_DIR: optional(z.string()).default('.data/postgres'),
  PORT: optional(port).default(3000),
  WEBHOOK_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  APP_TIMEZONE: optional(timeZone).default('America/New_York'),
  CRON_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  NEXT_PUBLIC_SUPABASE_URL: optional(z.url('must be a URL such as https://xyz.supabase.co')),
  NEXT_PUBLIC_SUPABASE_ANON_KEY: optional(z.string().min(20, 'looks too short for a Supabase key')),
  SUPABASE_SERVICE_ROLE_KEY: optional(z.string().min(20, 'looks too short for a Supabase key')),
  /** The project's legacy JWT secret: HS256 access tokens are then verified here, not by a call to Auth. */
  SUPABASE_JWT_SECRET: optional(z.string().min(32, 'must be the project\'s JWT secret (at least 32 characters)')),
  /** This site's URL, for the links in sign-in and invite emails (else the request's Origin). */
  SITE_URL: optional(z.url('must be a URL such as https://leads.example.com')),
  /**
   * Set by `npm run dev` and `npm start`, which listen on loopback only: without a Supabase
   * project the dashboard then opens as the local admin. A server started any other way without
   * a Supabase project serves only webhooks and the health check.
   */
  LOCAL_MODE: optional(z.enum(['1'], 'is set by npm run dev / npm start; leave it unset')),
  /** Becomes the first admin on signing in, while the deployment has no admin. */
  LEADOPS_FIRST_ADMIN_EMAIL: optional(z.email('must be an email address')),
  /** Local mode serves loopback Host names only (DNS rebinding); these names too, comma-separated. */
  LOCAL_ALLOWED_HOSTS: optional(z.string().regex(/^[a-z0-9.,\s-]*$/i, 'must be host names separated by commas')),
  /**
   * Set by `npm run bench` alone: serves /api/bench/echo, the framework's ceiling the bench
   * measures intake against. Unset, that path is a 404 like any unknown one.
   */
  LEADOPS_BENCH_ROUTES: optional(z.enum(['1'], 'is set by npm run bench; leave it unset')),
  /**
   * API requests that may use the database at once in one server process; more wait in line up
   * to DB_QUEUE_MS, then get 503 with Retry-After. Twice the pool's 10 connections by default:
   * one on each connection and one ready for each that frees up.
   */
  DB_REQUEST_LIMIT: optional(z.coerce.number().int().min(1).max(1000)).default(20),
  DB_QUEUE_MS: optional(z.coerce.number().int().min(0).max(30_000)).default(2000),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default(
    'info',
  ),
});

export type Env = z.infer<typeof envSchema>;

// A hosted deployment signs members in with Supabase Auth, which needs the project's public key.
const hostedNeedsKey = envSchema.refine((env) => !env.NEXT_PUBLIC_SUPABASE_URL || env.NEXT_PUBLIC_SUPABASE_ANON_KEY, {
  message: 'is required when NEXT_PUBLIC_SUPABASE_URL is set (Project Settings → API keys)',
  path: ['NEXT_PUBLIC_SUPABASE_ANON_KEY'],
});

/**
 * Parses the environment; on failure throws one line naming the variable and the fix.
 * Kept free of process-wide side effects so the dev runner and tests can call it too.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = hostedNeedsKey.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  throw new EnvError(
    `Invalid environment variable ${name}: ${issue.message}. Fix it in .env.local or the environment (see .env.local.example).`,
  );
}

export class EnvError extends Error {
  override name = 'EnvError';
}
