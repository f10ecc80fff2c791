import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';

export interface SettingRow {
  key: string;
  value: unknown;
  description: string;
  version: number;
}

export async function listSettings(viewer: Viewer) {
  return withViewer(db(), viewer, (tx) => tx<SettingRow[]>`select key, value, description, version from public.app_settings order by key`);
}
