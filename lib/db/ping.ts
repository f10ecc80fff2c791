import 'server-only';
import type { Sql } from 'postgres';

/** True when the database answers `select 1` within the timeout; never throws, never hangs. */
export async function pingDatabase(sql: () => Sql, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = (async () => {
    await sql()`select 1`;
    return true as const;
  })().catch(() => false as const);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
