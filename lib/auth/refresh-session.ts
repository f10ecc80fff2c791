import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { supabaseWithCookies } from './supabase-clients';
import { verifiedClaims } from './verified-claims';

/**
 * Reads the Supabase session of a request in proxy.ts, refreshing an expiring access token: the
 * new cookies go both to the pages of this request and back to the browser. `signedIn` means a
 * verified token, not merely a cookie.
 */
export async function refreshSession(request: NextRequest): Promise<{ response: NextResponse; signedIn: boolean }> {
  let response = NextResponse.next({ request });
  const supabase = supabaseWithCookies({
    getAll: () => request.cookies.getAll(),
    setAll: (toSet) => {
      for (const { name, value } of toSet) request.cookies.set(name, value);
      response = NextResponse.next({ request });
      for (const { name, value, options } of toSet) response.cookies.set(name, value, options);
    },
  });
  const claims = await verifiedClaims(supabase);
  return { response, signedIn: claims !== null };
}
