import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '../access/actor';
import { mailViews, type MailView } from './set-mail-view';

/**
 * The signed-in user's mail list view. A value the column holds but this version does not know (written by
 * a newer one) reads as the default rather than breaking the page.
 */
export async function getMailView(db: DbOrTx, options: { actor: Actor }): Promise<MailView> {
  if (options.actor.kind !== 'user') return 'conversations';
  const [row] = await db.select({ mailView: users.mailView }).from(users).where(eq(users.id, options.actor.userId));
  const view = row?.mailView;
  return mailViews.find((known) => known === view) ?? 'conversations';
}
