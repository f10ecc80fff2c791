import 'server-only';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from '@/lib/db/client';
import { withViewer } from '@/lib/db/with-viewer';

export interface SettingRow {
  key: string;
  value: unknown;
  description: string;
}

export interface SourceRow {
  name: string;
  active: boolean;
  created_at: Date;
}

export async function listSettings(viewer: Viewer) {
  return withViewer(db(), viewer, async (tx) => ({
    settings: await tx<SettingRow[]>`select key, value, description from public.app_settings order by key`,
    sources: await tx<SourceRow[]>`select name, active, created_at from public.sources order by name`,
  }));
}
