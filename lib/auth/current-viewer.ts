import 'server-only';
import { LOCAL_ADMIN, type Viewer } from './viewer';

/** The viewer of the current request. Locally (no Supabase Auth) that is the local admin. */
export async function currentViewer(): Promise<Viewer> {
  return LOCAL_ADMIN;
}
