import { type EmailOtpType } from '@supabase/supabase-js';
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { safeNext } from '@/lib/auth/safe-next';
import { hostedProject, supabaseForRequest } from '@/lib/auth/supabase-clients';

// Two shapes of link: the token-hash link of the email templates the README gives, and the
// `?code=` link of Supabase's default templates (PKCE: the code verifier is in a cookie the
// same browser set when it asked for the link).
const linkQuery = z.union([
  z.object({
    token_hash: z.string().min(1).max(512),
    type: z.enum(['email', 'magiclink', 'invite', 'signup', 'recovery', 'email_change']),
    next: z.string().optional(),
  }),
  z.object({ code: z.string().min(1).max(512), next: z.string().optional() }),
]);

// Relative: request.url names the host Next listens on, which may not be the one the browser used.
const seeOther = (path: string) => new NextResponse(null, { status: 303, headers: { Location: path } });

/** Where a sign-in or invite email's link lands: the one-time token becomes a session cookie. */
export async function GET(request: NextRequest) {
  if (!hostedProject()) return seeOther('/');
  const query = linkQuery.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (query.success) {
    const supabase = await supabaseForRequest();
    const { error } = 'code' in query.data
      ? await supabase.auth.exchangeCodeForSession(query.data.code)
      : await supabase.auth.verifyOtp({ token_hash: query.data.token_hash, type: query.data.type as EmailOtpType });
    if (!error) return seeOther(safeNext(query.data.next));
  }
  return seeOther('/login?error=link');
}
