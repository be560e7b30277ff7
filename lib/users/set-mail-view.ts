import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { parseInput } from '../validation';

/** How the mail list shows a folder: by conversation (the default) or message by message. */
export const mailViews = ['conversations', 'messages'] as const;
export type MailView = (typeof mailViews)[number];

export const mailViewSchema = z.enum(mailViews, { error: 'conversations.mailViewUnavailable' });

/** The user's mail list view; only the user themself changes it. */
export async function setMailView(
  db: DbOrTx,
  options: { userId: string; view: string; actor: Actor },
): Promise<{ mailView: MailView }> {
  if (options.actor.kind === 'user' && options.actor.userId !== options.userId) {
    throw new AppError('not_found', { message: 'Users may only change their own mail view' });
  }
  const mailView = parseInput(mailViewSchema, options.view);
  const updated = await db
    .update(users)
    .set({ mailView, updatedAt: new Date() })
    .where(eq(users.id, options.userId))
    .returning({ id: users.id });
  if (updated.length === 0) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
  return { mailView };
}
