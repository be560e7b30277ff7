import { and, asc, eq, sql } from 'drizzle-orm';
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

/**
 * Each folder's unread count, capped: an exact figure for a folder with 100,000 unread messages costs a scan of
 * them all, and "999+" says as much. One statement with each folder id written as a constant, not one correlated
 * subquery: with a parameter the planner uses the average folder, and on an install whose messages sit mostly in
 * one inbox it then reads the whole table for every empty folder (30–55 ms for six folders on 20,000 messages).
 * With a constant, a quiet folder is an index-only scan of messages_folder_unseen_idx and the busy inbox stops at
 * the cap. The ids are our own integers, checked as such before they are written into the statement.
 */
async function unreadCounts(db: DbOrTx, folderIds: number[]): Promise<Map<number, number>> {
  if (folderIds.length === 0) return new Map();
  const counts = folderIds.map((id) => {
    if (!Number.isSafeInteger(id)) throw new Error(`folder id ${id} is not an integer`);
    const folder = sql.raw(String(id));
    return sql`(select ${folder}::bigint as id, count(*)::int as unread from (select 1 from ${messages} m
      where m.folder_id = ${folder} and not m.seen and not m.hidden_from_webmail and m.gone_from_server_at is null
      limit ${sql.raw(String(UNREAD_COUNT_CAP))}) s)`;
  });
  const result = await db.execute<{ id: string | number; unread: number }>(sql.join(counts, sql` union all `));
  return new Map(result.rows.map((r) => [Number(r.id), r.unread]));
}

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
  // Only what the pane shows: a mailbox row also holds the encrypted credentials (password or OAuth token) and
  // the last sync's statistics, which have no business being read on every load of the pane.
  // The mailboxes and their folders side by side (both asked with the same access check), then the counts.
  const [boxes, folders] = await Promise.all([
    db
      .select({
        mailbox: {
          id: mailboxes.id,
          email: mailboxes.email,
          displayName: mailboxes.displayName,
          status: mailboxes.status,
          ownerUserId: mailboxes.ownerUserId,
          senderName: mailboxes.senderName,
          signatureHtml: mailboxes.signatureHtml,
          syncState: mailboxes.syncState,
          lastSyncAt: mailboxes.lastSyncAt,
          lastErrorMessage: mailboxes.lastErrorMessage,
          lastErrorProblem: mailboxes.lastErrorProblem,
          requiresReauth: mailboxes.requiresReauth,
          importDone: mailboxes.importDone,
          importTotal: mailboxes.importTotal,
        },
        level: sql<'read' | 'send' | 'manage' | null>`(${grantOf(db, actor.userId)})`,
      })
      .from(mailboxes)
      .where(mailboxReadableBy(db, actor))
      .orderBy(asc(mailboxes.connectedAt)),
    db
      .select({
        id: mailFolders.id,
        mailboxId: mailFolders.mailboxId,
        name: mailFolders.name,
        path: mailFolders.path,
        specialUse: mailFolders.specialUse,
      })
      .from(mailFolders)
      .innerJoin(mailboxes, eq(mailFolders.mailboxId, mailboxes.id))
      .where(and(mailboxReadableBy(db, actor), eq(mailFolders.syncEnabled, true))),
  ]);
  if (boxes.length === 0) return [];
  const unreadOf = await unreadCounts(
    db,
    folders.map((f) => f.id),
  );
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
