import { and, desc, eq, gt, isNull, not, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailFolders, mailNotificationSubscriptions, mailEvents, messages } from '@/db/schema';
import type { Actor } from '../access/actor';
import { getMailboxForActor } from '../access/mailbox-access';
import { AppError } from '../errors';

export type NewMailNotice = {
  mailboxId: string;
  folderId: number;
  messageId: number;
  subject: string;
  fromName: string | null;
  fromAddress: string | null;
  /** Messages that arrived in the INBOX with this one. */
  count: number;
};

// Only mail that just arrived is announced: an import or a rebuild also inserts rows, of old mail.
const RECENT = '1 day';

/**
 * What a browser notification for a 'new' event says: the newest message that arrived with it in the INBOX of a
 * mailbox the user may read and chose notifications for; null when there is nothing to announce. The event's
 * rows are those its transaction inserted (mail_events.created_at and messages.created_at are both that
 * transaction's now()).
 */
export async function getNewMailNotice(
  db: DbOrTx,
  options: { actor: Extract<Actor, { kind: 'user' }>; eventId: number },
): Promise<NewMailNotice | null> {
  const { actor } = options;
  const [event] = await db.select().from(mailEvents).where(eq(mailEvents.id, options.eventId)).limit(1);
  if (!event) throw new AppError('not_found');
  const mailbox = await getMailboxForActor(db, { mailboxId: event.mailboxId, actor, permission: 'read' });
  if (event.kind !== 'new' || event.folderId === null) return null;
  const [subscription] = await db
    .select({ userId: mailNotificationSubscriptions.userId })
    .from(mailNotificationSubscriptions)
    .where(
      and(
        eq(mailNotificationSubscriptions.userId, actor.userId),
        eq(mailNotificationSubscriptions.mailboxId, mailbox.id),
      ),
    );
  if (!subscription) return null;
  const arrived = db
    .select({
      id: messages.id,
      subject: messages.subject,
      fromName: messages.fromName,
      fromAddress: messages.fromAddress,
      count: sql<number>`(count(*) over ())::int`,
    })
    .from(messages)
    .innerJoin(mailFolders, eq(mailFolders.id, messages.folderId))
    .where(
      and(
        eq(messages.folderId, event.folderId),
        eq(messages.mailboxId, mailbox.id),
        eq(mailFolders.specialUse, 'inbox'),
        // In SQL: a JavaScript Date would drop the microseconds.
        sql`${messages.createdAt} = (select ${mailEvents.createdAt} from ${mailEvents} where ${mailEvents.id} = ${event.id})`,
        not(messages.hiddenFromWebmail),
        isNull(messages.goneFromServerAt),
        gt(messages.receivedAt, sql`${event.createdAt}::timestamptz - ${RECENT}::interval`),
      ),
    )
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(1);
  const [newest] = await arrived;
  if (!newest) return null;
  const { count, id, ...shown } = newest;
  return { mailboxId: mailbox.id, folderId: event.folderId, messageId: id, ...shown, count };
}
