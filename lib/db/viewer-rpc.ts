import 'server-only';
import type { TransactionSql } from 'postgres';
import type { Viewer } from '@/lib/auth/viewer';
import { db } from './client';
import { withViewer } from './with-viewer';

/** Runs one `select public.fn(...) as r` as the viewer and returns its JSON result. */
export async function viewerRpc<T = Record<string, unknown>>(
  viewer: Viewer,
  run: (tx: TransactionSql) => Promise<readonly { r: unknown }[]>,
): Promise<T> {
  const [row] = await withViewer(db(), viewer, run);
  return row!.r as T;
}
