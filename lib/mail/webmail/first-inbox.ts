import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, mailFolders } from '@/db/schema';
import { mailboxReadableBy } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';

/**
 * The inbox of the first mailbox the user may read, in the folder pane's order (listMailFolders: by connection
 * time), in one indexed query: the first list page can start with it while the pane's unread counts are
 * still being counted. A guess only: first-list-page.ts checks it against the pane's own choice.
 */
export async function firstInboxId(db: DbOrTx, actor: Extract<Actor, { kind: 'user' }>): Promise<number | null> {
  const first = db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(mailboxReadableBy(db, actor))
    .orderBy(asc(mailboxes.connectedAt))
    .limit(1)
    .as('first');
  const [row] = await db
    .select({ id: mailFolders.id })
    .from(mailFolders)
    .innerJoin(first, eq(mailFolders.mailboxId, first.id))
    .where(and(eq(mailFolders.specialUse, 'inbox'), eq(mailFolders.syncEnabled, true)))
    .limit(1);
  return row?.id ?? null;
}
