import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, mailFolders, messages, users, type MailFolder, type Mailbox } from '@/db/schema';
import { mailboxReadableBy } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { canonicalTimeZone } from '../../users/set-time-zone';
import type { ParsedSearch } from '../../search/parse-search-query';
import { resolveSearchFolder } from '../../search/resolve-search-folder';
import { searchQueryAppError } from '../../search/search-query-error';

/**
 * Which folders a list reads: the open one; `in:<name>`, a folder of the same mailbox; or `in:all`, every
 * shown (synced) folder of every mailbox the actor may read, with the same rule as the folder pane, checked
 * in the query itself so a revoked grant stops at once.
 */
export async function searchScope(
  db: DbOrTx,
  options: { actor: Actor; folder: MailFolder; mailbox: Mailbox; scope: ParsedSearch['in'] },
): Promise<SQL> {
  const { actor, folder, mailbox, scope } = options;
  if (!scope) return eq(messages.folderId, folder.id);
  if ('folder' in scope) {
    const folders = await db
      .select({
        id: mailFolders.id,
        name: mailFolders.name,
        path: mailFolders.path,
        specialUse: mailFolders.specialUse,
      })
      .from(mailFolders)
      .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.syncEnabled, true)));
    const found = resolveSearchFolder(scope.folder, folders);
    if (!found) throw searchQueryAppError({ reason: 'unknownFolder', operator: 'in:', value: scope.folder });
    return eq(messages.folderId, found.id);
  }
  const readable =
    actor.kind === 'user'
      ? db
          .select({ id: mailFolders.id })
          .from(mailFolders)
          .innerJoin(mailboxes, eq(mailboxes.id, mailFolders.mailboxId))
          .where(and(eq(mailFolders.syncEnabled, true), mailboxReadableBy(db, actor)))
      : // The CLI and jobs act on one mailbox at a time: the open folder's.
        db
          .select({ id: mailFolders.id })
          .from(mailFolders)
          .where(and(eq(mailFolders.syncEnabled, true), eq(mailFolders.mailboxId, mailbox.id)));
  return inArray(messages.folderId, readable);
}

/** The zone calendar days of before:/after: are read in: the user's, else UTC. */
export async function searchTimeZone(db: DbOrTx, actor: Actor): Promise<string> {
  if (actor.kind !== 'user') return 'UTC';
  const [row] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, actor.userId));
  return canonicalTimeZone(row?.timeZone) ?? 'UTC';
}
