import type { APIRequestContext } from '@playwright/test';

/**
 * Takes every active caller out of routing for the length of a test and puts them back after,
 * so a test can reason about the callers it creates (the demo data has a global pool).
 */
export async function withOnlyNewCallers<T>(request: APIRequestContext, fn: () => Promise<T>): Promise<T> {
  const { data } = await (await request.get('/api/callers')).json();
  const active: { id: string }[] = data.filter((caller: { active: boolean }) => caller.active);
  for (const caller of active) await request.patch(`/api/callers/${caller.id}`, { data: { active: false } });
  try {
    return await fn();
  } finally {
    for (const caller of active) await request.patch(`/api/callers/${caller.id}`, { data: { active: true } });
  }
}
