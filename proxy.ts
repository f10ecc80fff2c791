import { NextResponse, type NextRequest } from 'next/server';
import { allowedHostsFrom, isAllowedLocalHost } from '@/lib/api/local-host';
import { refreshSession } from '@/lib/auth/refresh-session';
import { hostedProject } from '@/lib/auth/supabase-clients';
import { env } from '@/lib/env';

const hosted = hostedProject() !== null;
const extraHosts = allowedHostsFrom(env.LOCAL_ALLOWED_HOSTS);

function refuse(status: 400 | 403, error: string, message: string): NextResponse {
  return NextResponse.json({ ok: false, error, message }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** What answers without a member: the health check and the webhooks, which bring their own secrets. */
function isOpenWithoutMember(pathname: string): boolean {
  return pathname === '/api/health' || pathname === '/api/ingest' || pathname === '/api/events';
}

/** Pages anyone may open: signing in, and the link an email sign-in lands on. */
function isSignInPath(pathname: string): boolean {
  return pathname === '/login' || pathname.startsWith('/auth/');
}

/** Runs before every page, action and route handler. */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (!hosted && !isAllowedLocalHost(request.headers.get('host'), extraHosts)) {
    return refuse(403, 'forbidden', 'this local LeadOps serves localhost only (set LOCAL_ALLOWED_HOSTS to add a name)');
  }
  // Without a Supabase project the dashboard opens as the local admin: only behind the local
  // runner, which listens on loopback. A bare `next start` somewhere else must not.
  if (!hosted && !env.LOCAL_MODE && !isOpenWithoutMember(request.nextUrl.pathname)) {
    return refuse(403, 'forbidden', 'no Supabase project is configured: start with npm start (loopback only) or set NEXT_PUBLIC_SUPABASE_URL');
  }
  // A path that is not valid percent-encoding would fail in the router with a bare 500.
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return refuse(400, 'bad_request', 'the path is not valid percent-encoded UTF-8');
  }
  // Webhooks and the health check carry no session: intake pays for no Auth client.
  if (!hosted || isOpenWithoutMember(request.nextUrl.pathname)) return NextResponse.next();

  // Hosted: refresh an expiring session here, where cookies can be written, before any page reads it.
  const { response, signedIn } = await refreshSession(request);
  const { pathname } = request.nextUrl;
  if (!signedIn && !pathname.startsWith('/api/') && !isSignInPath(pathname)) {
    const login = new URL('/login', request.url);
    if (pathname !== '/') login.searchParams.set('next', pathname + request.nextUrl.search);
    const redirect = NextResponse.redirect(login);
    for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
    return redirect;
  }
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
