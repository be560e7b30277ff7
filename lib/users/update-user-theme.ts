import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { parseInput } from '../validation';

/** The colour themes a user can choose: 'system' follows the browser's prefers-color-scheme. */
export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

// The same three values as the CHECK on users.theme (migration 0012), so a bad value never reaches SQL.
const themeSchema = z.enum(themes, { error: 'field.themeUnavailable' });

/** The user's colour theme; only the user themself changes it. */
export async function updateUserTheme(
  db: DbOrTx,
  options: { userId: string; theme: string; actor: Actor },
): Promise<void> {
  if (options.actor.kind === 'user' && options.actor.userId !== options.userId) {
    throw new AppError('not_found', { message: 'Users may only change their own theme' });
  }
  const theme = parseInput(themeSchema, options.theme);
  const updated = await db
    .update(users)
    .set({ theme, updatedAt: new Date() })
    .where(eq(users.id, options.userId))
    .returning({ id: users.id });
  if (updated.length === 0) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
}
