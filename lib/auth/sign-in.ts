import 'server-only';
import { headers } from 'next/headers';
import { z } from 'zod';

export const signInSchema = z.object({
  email: z.email('enter your email address').transform((email) => email.toLowerCase()),
  password: z.string().min(1, 'enter your password').max(200),
  next: z.string().optional(),
});

export const magicLinkSchema = signInSchema.pick({ email: true, next: true });

/** Where to go after signing in: a path on this site only, never another origin. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/**
 * This site's origin, for the link in a sign-in email. The browser's Origin header, which
 * Next.js has already checked against Host for this server action; Supabase Auth also accepts
 * only redirect URLs on the project's allow list.
 */
export async function siteOrigin(): Promise<string> {
  const origin = (await headers()).get('origin');
  if (!origin || origin === 'null') throw new Error('a sign-in link needs the Origin of the request');
  return origin;
}
