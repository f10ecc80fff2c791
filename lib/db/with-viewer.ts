import 'server-only';
import type { Sql, TransactionSql } from 'postgres';
import { viewerClaims, type Viewer } from '@/lib/auth/viewer';

/**
 * Runs fn in one transaction as the viewer: role `authenticated` and the viewer's JWT claims,
 * so RLS policies apply exactly as they do behind Supabase's API; and the client's IP for the
 * audit log ('' when unknown).
 */
export async function withViewer<T>(
  sql: Sql,
  viewer: Viewer,
  fn: (tx: TransactionSql) => Promise<T>,
): Promise<T> {
  const result = await sql.begin(async (tx) => {
    await tx`
      select set_config('role', 'authenticated', true),
             set_config('request.jwt.claims', ${JSON.stringify(viewerClaims(viewer))}, true),
             set_config('leadops.client_ip', ${viewer.clientIp ?? ''}, true)`;
    return fn(tx);
  });
  return result as T;
}
