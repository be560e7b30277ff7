import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, mailFolders, messages, type MailFolder } from '@/db/schema';
import { grantAllows, grantOf, mailboxReadableBy } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import type { Problem } from '../../i18n/problem';

const UNREAD_COUNT_CAP = 1000;

// `unreadMore`: the folder holds at least `unread` unread messages, and possibly more (the count is capped).
export type FolderView = Pick<MailFolder, 'id' | 'name' | 'path' | 'specialUse'> & {
  unread: number;
  unreadMore: boolean;
};

export type WebmailMailbox = {
  id: string;
  email: string;
  displayName: string | null;
  status: 'active' | 'disabled';
  canSend: boolean;
  senderName: string | null;
  // Sanitized: it goes into the compose editor of everyone who may send from this mailbox.
  signatureHtml: string | null;
  sync: {
    state: 'idle' | 'importing' | 'syncing' | 'error';
    lastSyncAt: string | null;
    /** In English; lastErrorProblem is the same sentence for the folder pane to word (storedErrorText). */
    lastError: string | null;
    lastErrorProblem: Problem | null;
    requiresReauth: boolean;
    importDone: number;
    importTotal: number;
  };
  folders: FolderView[];
};

const specialOrder = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'] as const;

function folderRank(folder: Pick<MailFolder, 'specialUse'>): number {
  const rank = folder.specialUse ? specialOrder.indexOf(folder.specialUse) : -1;
  return rank === -1 ? specialOrder.length : rank;
}

/**
 * The mailboxes a user may read (their own and those shared with them) with their folders, unread counts
 * and sync status: the left pane of the webmail. Admins see only what they were granted (SPEC §1).
 */
export async function listMailFolders(
  db: DbOrTx,
  options: { actor: Extract<Actor, { kind: 'user' }> },
): Promise<WebmailMailbox[]> {
  const { actor } = options;
  const boxes = await db
    .select({ mailbox: mailboxes, level: sql<'read' | 'send' | 'manage' | null>`(${grantOf(db, actor.userId)})` })
    .from(mailboxes)
    .where(mailboxReadableBy(db, actor))
    .orderBy(asc(mailboxes.connectedAt));
  if (boxes.length === 0) return [];

  const ids = boxes.map((b) => b.mailbox.id);
  // Folders and their unread counts in one statement: the pane is fetched on every load and refresh. The outer
  // column is named with its table: drizzle leaves it bare here, and inside the subquery a bare id is the message's.
  // Counting stops at the cap: an exact figure for a folder with 100,000 unread messages costs a scan of them all,
  // and "999+" says as much. Each count is an index-only scan of messages_folder_unseen_idx.
  const rows = await db
    .select({
      folder: mailFolders,
      unread: sql<number>`(select count(*) from (select 1 from ${messages} m where m.folder_id = ${mailFolders}.id
        and not m.seen and not m.hidden_from_webmail and m.gone_from_server_at is null limit ${UNREAD_COUNT_CAP}) s)::int`,
    })
    .from(mailFolders)
    .where(and(inArray(mailFolders.mailboxId, ids), eq(mailFolders.syncEnabled, true)));
  const folders = rows.map((r) => r.folder);
  const unreadOf = new Map(rows.map((r) => [r.folder.id, r.unread]));
  return boxes.map(({ mailbox, level }) => ({
    id: mailbox.id,
    email: mailbox.email,
    displayName: mailbox.displayName,
    status: mailbox.status,
    senderName: mailbox.senderName,
    // Sanitized when saved (updateMailboxProfile, the only writer): not again on every folder list, where a
    // round trip through the HTML workers could wait behind a hostile message.
    signatureHtml: mailbox.signatureHtml,
    canSend: mailbox.status === 'active' && (mailbox.ownerUserId === actor.userId || grantAllows(level, 'send')),
    sync: {
      state: mailbox.syncState,
      lastSyncAt: mailbox.lastSyncAt?.toISOString() ?? null,
      lastError: mailbox.lastErrorMessage,
      lastErrorProblem: mailbox.lastErrorProblem,
      requiresReauth: mailbox.requiresReauth,
      importDone: mailbox.importDone,
      importTotal: mailbox.importTotal,
    },
    folders: folders
      .filter((f) => f.mailboxId === mailbox.id)
      .sort((a, b) => folderRank(a) - folderRank(b) || a.path.localeCompare(b.path))
      .map((f) => {
        const unread = unreadOf.get(f.id) ?? 0;
        return {
          id: f.id,
          name: f.name,
          path: f.path,
          specialUse: f.specialUse,
          unread,
          unreadMore: unread >= UNREAD_COUNT_CAP,
        };
      }),
  }));
}
