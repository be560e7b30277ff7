import { AppError } from '@/lib/errors';

// Decimal digits only: Number() would also take '0x1f', '1e3' and ' 7 ', naming rows the URL does not.
const DECIMAL_ID = /^[1-9][0-9]{0,15}$/;

/** A numeric id from a dynamic route segment; anything else is a 404, as an unknown id would be. */
export function idParam(params: Record<string, string>, name = 'id'): number {
  const text = params[name] ?? '';
  const value = Number(text);
  if (!DECIMAL_ID.test(text) || !Number.isSafeInteger(value)) throw new AppError('not_found');
  return value;
}
