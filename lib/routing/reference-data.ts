import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';

/** States and active business lines, for pickers. */
export async function referenceData(viewer: Viewer) {
  return withViewer(db(), viewer, async (tx) => ({
    states: await tx<{ code: string; name: string }[]>`select code, name from public.us_states order by code`,
    lines: await tx<{ code: string; name: string }[]>`select code, name from public.business_lines where active order by name`,
  }));
}

export async function getCaller(viewer: Viewer, id: string) {
  const [row] = await withViewer(db(), viewer, (tx) => tx`select * from public.callers where id = ${id}`);
  return row ?? null;
}
