import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { isLocale } from '../i18n/locales';
import { parseInput } from '../validation';

// '' is "the browser's language": stored as null, so Accept-Language picks the language on every request.
const localeSchema = z.union([z.literal(''), z.string().refine(isLocale, { error: 'field.localeUnavailable' })]);

/** The user's interface language, or null to follow the browser; only the user themself changes it. */
export async function updateUserLocale(
  db: DbOrTx,
  options: { userId: string; locale: string; actor: Actor },
): Promise<void> {
  if (options.actor.kind === 'user' && options.actor.userId !== options.userId) {
    throw new AppError('not_found', { message: 'Users may only change their own language' });
  }
  const locale = parseInput(localeSchema, options.locale) || null;
  const updated = await db
    .update(users)
    .set({ locale, updatedAt: new Date() })
    .where(eq(users.id, options.userId))
    .returning({ id: users.id });
  if (updated.length === 0) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
}
