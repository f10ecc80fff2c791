import 'server-only';
import type { Sql } from 'postgres';

// The probe in flight per client: a flood of health checks asks the database once at a time,
// instead of queueing a `select 1` each in the pool ahead of real work.
const probes = new WeakMap<() => Sql, Promise<boolean>>();

/**
 * True when the database answers `select 1` within the timeout; never throws, never hangs.
 * Checks made while a probe of the same client is in flight wait for that one.
 */
export async function pingDatabase(sql: () => Sql, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  let probe = probes.get(sql);
  if (!probe) {
    probe = (async () => {
      await sql()`select 1`;
      return true as const;
    })()
      .catch(() => false as const)
      .finally(() => probes.delete(sql));
    probes.set(sql, probe);
  }
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
