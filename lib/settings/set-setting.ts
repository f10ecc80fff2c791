import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { viewerRpc } from '@/lib/db/viewer-rpc';

/** Changes one setting through set_setting, which checks the viewer is an admin and the value is allowed. */
export function setSetting(viewer: Viewer, key: string, value: unknown) {
  return viewerRpc<{ key: string; value: unknown }>(viewer, (tx) =>
    tx`select public.set_setting(${key}, ${tx.json(value as never)}) as r`);
}
