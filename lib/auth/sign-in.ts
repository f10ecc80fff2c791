import 'server-only';
import { headers } from 'next/headers';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import { env } from '@/lib/env';

export const signInSchema = z.object({
  email: z.email('enter your email address').transform((email) => email.toLowerCase()),
  password: z.string().min(1, 'enter your password').max(200),
  next: z.string().optional(),
});

export const magicLinkSchema = signInSchema.pick({ email: true, next: true });

/**
 * This site's origin, for the links in sign-in and invite emails: SITE_URL when set (do set it
 * in production), else the browser's Origin header, which Next.js has already checked against
 * Host for this server action; Supabase Auth also accepts only redirect URLs on the project's
 * allow list.
 */
export async function siteOrigin(): Promise<string> {
  if (env.SITE_URL) return new URL(env.SITE_URL).origin;
  const origin = (await headers()).get('origin');
  if (!origin || origin === 'null') throw new ApiError('bad_request', 'send this form from the sign-in page');
  return origin;
}
