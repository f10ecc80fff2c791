import { NextResponse, type NextRequest } from 'next/server';
import { allowedHostsFrom, isAllowedLocalHost } from '@/lib/api/local-host';
import { env } from '@/lib/env';

const localMode = !env.NEXT_PUBLIC_SUPABASE_URL;
const extraHosts = allowedHostsFrom(env.LOCAL_ALLOWED_HOSTS);

function refuse(status: 400 | 403, error: string, message: string): NextResponse {
  return NextResponse.json({ ok: false, error, message }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Runs before every page, action and route handler. */
export function proxy(request: NextRequest): NextResponse {
  if (localMode && !isAllowedLocalHost(request.headers.get('host'), extraHosts)) {
    return refuse(403, 'forbidden', 'this local LeadOps serves localhost only (set LOCAL_ALLOWED_HOSTS to add a name)');
  }
  // A path that is not valid percent-encoding would fail in the router with a bare 500.
  try {
    decodeURIComponent(request.nextUrl.pathname);
  } catch {
    return refuse(400, 'bad_request', 'the path is not valid percent-encoded UTF-8');
  }
  return NextResponse.next();
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
