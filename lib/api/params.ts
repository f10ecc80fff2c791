import { z } from 'zod';
import { ApiError } from './errors';

/** A route's [id] segment as a uuid; anything else is a 404, as an unknown id would be. */
export function uuidParam(params: Record<string, string | string[]>, name = 'id', what = 'resource'): string {
  const parsed = z.uuid().safeParse(params[name]);
  if (!parsed.success) throw new ApiError('not_found', `${what} not found`);
  return parsed.data;
}
