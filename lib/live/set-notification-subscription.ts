import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailNotificationSubscriptions } from '@/db/schema';
import type { Actor } from '../access/actor';
import { getMailboxForActor } from '../access/mailbox-access';

/** Turns browser notifications for new mail in one mailbox on or off, for a mailbox the user may read. */
export async function setNotificationSubscription(
  db: DbOrTx,
  options: { actor: Extract<Actor, { kind: 'user' }>; mailboxId: string; enabled: boolean },
): Promise<{ mailboxId: string; subscribed: boolean }> {
  const { actor, enabled } = options;
  const mailbox = await getMailboxForActor(db, { mailboxId: options.mailboxId, actor, permission: 'read' });
  if (enabled) {
    await db
      .insert(mailNotificationSubscriptions)
      .values({ orgId: mailbox.orgId, userId: actor.userId, mailboxId: mailbox.id })
      .onConflictDoNothing();
  } else {
    await db
      .delete(mailNotificationSubscriptions)
      .where(
        and(
          eq(mailNotificationSubscriptions.userId, actor.userId),
          eq(mailNotificationSubscriptions.mailboxId, mailbox.id),
        ),
      );
  }
  return { mailboxId: mailbox.id, subscribed: enabled };
}
