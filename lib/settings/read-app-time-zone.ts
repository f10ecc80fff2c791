import 'server-only';
import type { Sql, TransactionSql } from 'postgres';

/**
 * The app time zone as the database owns it (setting `timezone`): "today" and every time shown.
 * Takes its connection, so the start-up scripts read it the same way as the pages.
 */
export async function readAppTimeZone(sql: Sql | TransactionSql): Promise<string> {
  const [row] = await sql<{ tz: string }[]>`select public.app_time_zone() as tz`;
  return row!.tz;
}
