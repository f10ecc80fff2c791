import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';
import type { CallerFields } from './caller-schema';

/**
 * Creates a caller (id null) or changes the given fields, through save_caller as the viewer.
 * With `version` (the one the edit started from), a caller changed since then is not saved:
 * save_caller answers 409 with the caller as it is now.
 */
export async function saveCaller(viewer: Viewer, id: string | null, fields: CallerFields, version?: number | null) {
  const [row] = await withViewer(db(), viewer, (tx) =>
    tx`select * from public.save_caller(${id}, ${tx.json(fields as never)}, ${version ?? null})`);
  return row!;
}
