import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { viewerRpc } from '@/lib/db/viewer-rpc';

/** A setting as set_setting answers it: its value and edit version. */
export interface SavedSetting {
  key: string;
  value: unknown;
  version: number;
}

/**
 * Changes one setting through set_setting, which checks the viewer is an admin and the value is
 * allowed. With `version` (the one the edit started from), a setting changed since then is not
 * saved: 409 with the setting as it is now.
 */
export function setSetting(viewer: Viewer, key: string, value: unknown, version?: number | null) {
  return viewerRpc<SavedSetting>(viewer, (tx) =>
    tx`select public.set_setting(${key}, ${tx.json(value as never)}, ${version ?? null}) as r`);
}
