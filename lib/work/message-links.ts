import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messageLinks, messages, type MessageLinkKind } from '@/db/schema';

// messages.link_kinds mirrors message_links (retention and trial-end deletions test it on the row they delete),
// so every change to the links of a message recomputes it in the same transaction.
const recomputeLinkKinds = (messageIds: number[]) =>
  sql`update messages m set link_kinds = array(
        select distinct l.kind from message_links l where l.message_id = m.id order by l.kind
      )::message_link_kind[]
      where m.id in (${sql.join(
        messageIds.map((id) => sql`${id}`),
        sql`, `,
      )})`;

/**
 * Links a message to a piece of work. Call inside the transaction that creates or updates the work, after
 * locking the message row (lockMessageForLink), so a deletion running at the same moment either sees the link
 * or has already removed the message — in which case the caller's insert fails and nothing half-made remains.
 */
export async function linkMessage(
  tx: DbOrTx,
  options: { orgId: string; messageId: number; kind: MessageLinkKind; targetId: string; userId: string | null },
): Promise<void> {
  await tx
    .insert(messageLinks)
    .values({
      orgId: options.orgId,
      messageId: options.messageId,
      kind: options.kind,
      targetId: options.targetId,
      createdByUserId: options.userId,
    })
    .onConflictDoNothing();
  await tx.execute(recomputeLinkKinds([options.messageId]));
}

/** Row lock on the message until the transaction ends; false when it no longer exists. */
export async function lockMessageForLink(tx: DbOrTx, messageId: number): Promise<boolean> {
  const rows = await tx.execute(sql`select id from ${messages} where id = ${messageId} for no key update`);
  return rows.rows.length > 0;
}

/** Removes every link to one piece of work (it is being deleted) and returns the messages that were linked. */
export async function unlinkTarget(
  tx: DbOrTx,
  options: { orgId: string; kind: MessageLinkKind; targetId: string },
): Promise<number[]> {
  const removed = await tx
    .delete(messageLinks)
    .where(
      and(
        eq(messageLinks.orgId, options.orgId),
        eq(messageLinks.kind, options.kind),
        eq(messageLinks.targetId, options.targetId),
      ),
    )
    .returning({ messageId: messageLinks.messageId });
  const ids = [...new Set(removed.map((r) => r.messageId))];
  if (ids.length > 0) await tx.execute(recomputeLinkKinds(ids));
  return ids;
}

/** The messages linked to one piece of work. */
export async function linkedMessageIds(
  db: DbOrTx,
  options: { orgId: string; kind: MessageLinkKind; targetId: string },
): Promise<number[]> {
  const rows = await db
    .select({ messageId: messageLinks.messageId })
    .from(messageLinks)
    .where(
      and(
        eq(messageLinks.orgId, options.orgId),
        eq(messageLinks.kind, options.kind),
        eq(messageLinks.targetId, options.targetId),
      ),
    );
  return rows.map((r) => r.messageId);
}

/** Links of several messages, for showing on the message ("Task: …", "CRM: …"). */
export async function linksOfMessages(db: DbOrTx, messageIds: number[]) {
  if (messageIds.length === 0) return [];
  return db.select().from(messageLinks).where(inArray(messageLinks.messageId, messageIds));
}

/** Removes one message's link to one piece of work; the message itself stays. */
export async function unlinkMessage(
  tx: DbOrTx,
  options: { orgId: string; messageId: number; kind: MessageLinkKind; targetId: string },
): Promise<void> {
  await tx
    .delete(messageLinks)
    .where(
      and(
        eq(messageLinks.orgId, options.orgId),
        eq(messageLinks.kind, options.kind),
        eq(messageLinks.targetId, options.targetId),
        eq(messageLinks.messageId, options.messageId),
      ),
    );
  await tx.execute(recomputeLinkKinds([options.messageId]));
}
