import { z } from 'zod';
import type { CrmException } from '@/db/schema';

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * What an admin typed into the exception list: "ada@example.com" is one address; "example.com",
 * "@example.com" and "*.example.com" are the whole domain (its subdomains included). Lower-cased; null when
 * it is neither.
 */
export function parseCrmExceptionValue(raw: string): Pick<CrmException, 'kind' | 'value'> | null {
  const value = raw.trim().toLowerCase();
  const domain = value.replace(/^@|^\*\./, '');
  if (domain !== value || !value.includes('@')) return DOMAIN.test(domain) ? { kind: 'domain', value: domain } : null;
  return z.email().max(254).safeParse(value).success ? { kind: 'address', value } : null;
}
