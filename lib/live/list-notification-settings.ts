import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, mailNotificationSubscriptions } from '@/db/schema';
import type { Actor } from '../access/actor';
import { mailboxReadableBy } from '../access/mailbox-access';

export type NotificationSetting = { mailboxId: string; email: string; displayName: string | null; subscribed: boolean };

/**
 * The mailboxes the user may read, each with whether new mail in it shows a browser notification. A
 * subscription to a mailbox the user can no longer read is not listed (and sends nothing: see getNewMailNotice).
 */
export async function listNotificationSettings(
  db: DbOrTx,
  options: { actor: Extract<Actor, { kind: 'user' }> },
): Promise<NotificationSetting[]> {
  const { actor } = options;
  return db
    .select({
      mailboxId: mailboxes.id,
      email: mailboxes.email,
      displayName: mailboxes.displayName,
      subscribed: sql<boolean>`${mailNotificationSubscriptions.userId} is not null`,
    })
    .from(mailboxes)
    .leftJoin(
      mailNotificationSubscriptions,
      and(
        eq(mailNotificationSubscriptions.mailboxId, mailboxes.id),
        eq(mailNotificationSubscriptions.userId, actor.userId),
      ),
    )
    .where(mailboxReadableBy(db, actor))
    .orderBy(asc(mailboxes.connectedAt));
}
