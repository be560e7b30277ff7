import { and, eq, inArray, not } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, messages } from '@/db/schema';
import { mailboxReadableBy } from '../access/mailbox-access';
import type { Actor } from '../access/actor';

/** Where the webmail opens one message (components/mail/use-mail-location.ts reads `folder` and `m`). */
export function openMessageHref(message: { folderId: number; id: number }): string {
  return `/mail?folder=${message.folderId}&m=${message.id}`;
}

/**
 * For quotes shown to many people (chat members, the whole organization): which of the quoted messages this
 * viewer may open in the webmail, as a link per message id. The quote itself is a snapshot everyone sees; the
 * link appears only for a message that still exists and whose mailbox the viewer may read (the `read` rule of
 * lib/access/mailbox-access.ts), checked for a whole page of quotes in one query.
 */
export async function openableMessageHrefs(
  db: DbOrTx,
  options: { actor: Actor; messageIds: Array<number | null> },
): Promise<Map<number, string>> {
  const { actor } = options;
  const ids = [...new Set(options.messageIds.filter((id): id is number => id !== null))];
  if (actor.kind !== 'user' || ids.length === 0) return new Map();
  const rows = await db
    .select({ id: messages.id, folderId: messages.folderId })
    .from(messages)
    .innerJoin(mailboxes, eq(mailboxes.id, messages.mailboxId))
    .where(and(inArray(messages.id, ids), not(messages.hiddenFromWebmail), mailboxReadableBy(db, actor)));
  return new Map(rows.map((row) => [row.id, openMessageHref(row)]));
}
