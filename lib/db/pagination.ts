import { z } from 'zod';

export const paginationSchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(200).default(50),
});

export type PageRequest = z.infer<typeof paginationSchema>;

export interface Page<T> {
  data: T[];
  page: number;
  per_page: number;
  total: number;
}

export function offsetOf(request: PageRequest): number {
  return (request.page - 1) * request.per_page;
}

/** Builds a page from rows that carry `count(*) over ()` as `total`. */
export function toPage<T extends { total: string | number }>(
  rows: T[],
  request: PageRequest,
): Page<Omit<T, 'total'>> {
  const total = rows[0] ? Number(rows[0].total) : 0;
  return {
    data: rows.map(({ total: _total, ...row }) => row),
    page: request.page,
    per_page: request.per_page,
    total,
  };
}
