import 'server-only';
import { ApiError } from '@/lib/api/errors';
import { env } from '@/lib/env';
import { LOCAL_ADMIN, type Viewer } from './viewer';

/**
 * The viewer of the current request. Locally (no Supabase project configured) that is the
 * local admin, and the server listens on loopback only. With a Supabase project configured the
 * viewer must come from a Supabase Auth session, which is not wired yet: fail closed rather
 * than hand a public host an admin.
 */
export async function currentViewer(): Promise<Viewer> {
  if (env.NEXT_PUBLIC_SUPABASE_URL) {
    throw new ApiError('unauthorized', 'sign-in is not available on this deployment yet');
  }
  return LOCAL_ADMIN;
}
