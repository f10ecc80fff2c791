import type { z } from 'zod';

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * A page's query string parsed with its schema. A hand-edited bad value falls back to the
 * defaults rather than breaking the page.
 */
export async function parseSearchParams<T extends z.ZodType>(schema: T, searchParams: SearchParams): Promise<z.infer<T>> {
  const raw = await searchParams;
  const flat = Object.fromEntries(
    Object.entries(raw)
      .map(([key, value]) => [key, Array.isArray(value) ? value[0] : value] as const)
      // PostgreSQL text cannot hold U+0000: such a value is as bad as any other hand-edited one.
      .filter(([, value]) => !value?.includes('\u0000')),
  );
  const parsed = schema.safeParse(flat);
  return parsed.success ? parsed.data : schema.parse({});
}
