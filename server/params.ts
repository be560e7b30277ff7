import { AppError } from '@/lib/errors';

/** A numeric id from a dynamic route segment; anything else is a 404, as an unknown id would be. */
export function idParam(params: Record<string, string>, name = 'id'): number {
  const value = Number(params[name]);
  if (!Number.isSafeInteger(value) || value <= 0) throw new AppError('not_found');
  return value;
}
