import 'server-only';
import { redirect } from 'next/navigation';
import { ApiError } from '@/lib/api/errors';
import { currentViewer } from './current-viewer';
import { appRoles, type AppRole, type Viewer } from './viewer';

/**
 * The viewer of a dashboard page: nobody signed in → /login, not a member → /not-a-member, a
 * role the page is not for → that member's own start page. The page's data is still read
 * through RLS; this only keeps people off pages that would show them nothing.
 */
export async function pageViewer(roles: readonly AppRole[] = appRoles): Promise<Viewer> {
  let viewer: Viewer;
  try {
    viewer = await currentViewer();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthorized') redirect('/login');
    if (error instanceof ApiError && error.code === 'forbidden') redirect('/not-a-member');
    throw error;
  }
  if (!roles.includes(viewer.role)) redirect(startPage(viewer));
  return viewer;
}

/** Where a member lands: callers on their worklist, staff on the overview. */
export function startPage(viewer: Viewer): string {
  return viewer.role === 'caller' ? '/leads/mine' : '/';
}

// Pages name the staff-only ones with it, next to pageViewer.
export { STAFF } from './viewer';
