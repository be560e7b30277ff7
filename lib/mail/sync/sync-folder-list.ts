import { and, eq, gt, sql } from 'drizzle-orm';
import type { ImapFlow, ListResponse, StatusObject } from 'imapflow';
import type { Db } from '@/db/client';
import { mailFolders, messages, type MailFolder, type Mailbox } from '@/db/schema';

export type FolderWithStatus = {
  folder: MailFolder;
  status: Required<Pick<StatusObject, 'messages' | 'uidNext'>> & { uidValidity: number; highestModseq: bigint | null };
};

export type FolderList = {
  /** Folders to sync, in import order. */
  entries: FolderWithStatus[];
  /** Folders the server no longer has: their rows may turn up elsewhere, the rest are retired at the end. */
  gone: MailFolder[];
};

const specialUses = {
  '\\Inbox': 'inbox',
  '\\Sent': 'sent',
  '\\Drafts': 'drafts',
  '\\Junk': 'junk',
  '\\Trash': 'trash',
  '\\Archive': 'archive',
} as const;
// The initial import does the folders people look at first first.
const importOrder = ['inbox', 'sent', 'drafts', 'archive', null, 'junk', 'trash'];
const statusQuery = { messages: true, uidNext: true, uidValidity: true, highestModseq: true } as const;

type Listed = { entry: ListResponse; status: StatusObject; specialUse: MailFolder['specialUse'] };

/**
 * One LIST (with LIST-STATUS where the server has it) gives every folder and its UIDNEXT, UIDVALIDITY and
 * HIGHESTMODSEQ: enough to tell which folders changed without selecting any. A folder renamed on the server
 * keeps its UIDVALIDITY and UIDs (Dovecot and Cyrus both do): its row is renamed, so its messages keep their
 * ids and links. Folders gone from the server are returned, not deleted, for the sync to finish with them.
 */
export async function syncFolderList(db: Db, client: ImapFlow, mailbox: Mailbox): Promise<FolderList> {
  const listed = await client.list({ statusQuery });
  const selectable = listed.filter((f) => !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent'));
  const found: Listed[] = [];
  for (const entry of selectable) {
    const status = entry.status ?? (await client.status(entry.path, statusQuery)) ?? undefined;
    const specialUse = entry.specialUse ? (specialUses[entry.specialUse as keyof typeof specialUses] ?? null) : null;
    if (status) found.push({ entry, status, specialUse });
  }
  const known = await db.select().from(mailFolders).where(eq(mailFolders.mailboxId, mailbox.id));
  await renameMovedFolders(db, client, known, found);

  // One statement for the whole list: a sync with nothing new must stay a few milliseconds of database work.
  const folders = found.length
    ? await db
        .insert(mailFolders)
        .values(
          found.map(({ entry, specialUse }) => ({
            orgId: mailbox.orgId,
            mailboxId: mailbox.id,
            path: entry.path,
            name: entry.name,
            delimiter: entry.delimiter,
            specialUse,
          })),
        )
        .onConflictDoUpdate({
          target: [mailFolders.mailboxId, mailFolders.path],
          set: { name: sql`excluded.name`, delimiter: sql`excluded.delimiter`, specialUse: sql`excluded.special_use` },
        })
        .returning()
    : [];
  const byPath = new Map(folders.map((f) => [f.path, f]));
  const entries: FolderWithStatus[] = found.map(({ entry, status }) => ({
    folder: byPath.get(entry.path)!,
    status: {
      messages: status.messages ?? 0,
      uidNext: status.uidNext ?? 1,
      uidValidity: Number(status.uidValidity ?? 0),
      highestModseq: status.highestModseq ?? null,
    },
  }));
  const listedIds = new Set(folders.map((f) => f.id));
  return {
    entries: entries
      .filter((r) => r.folder.syncEnabled)
      .sort((a, b) => importOrder.indexOf(a.folder.specialUse) - importOrder.indexOf(b.folder.specialUse)),
    // A renamed folder kept its id, so it is among the listed ones.
    gone: known.filter((f) => !listedIds.has(f.id)),
  };
}

/**
 * A known folder missing from the list, and a new path with that folder's UIDVALIDITY: the same folder under
 * a new name. The new path is not a known one, so no rename can collide with another folder's path. Cyrus
 * takes UIDVALIDITY from the creation second, so folders made together share it: then the messages decide
 * (the most UIDs with the same size, and no tie); anything still ambiguous is left to the move detection.
 */
async function renameMovedFolders(db: Db, client: ImapFlow, known: MailFolder[], found: Listed[]): Promise<void> {
  const listedPaths = new Set(found.map((f) => f.entry.path));
  const knownPaths = new Set(known.map((f) => f.path));
  const missing = known.filter((f) => !listedPaths.has(f.path) && f.uidValidity !== null);
  const fresh = found.filter((f) => !knownPaths.has(f.entry.path) && f.status.uidValidity !== undefined);
  const renames: Array<{ folder: MailFolder; to: Listed }> = [];
  for (const to of fresh) {
    const validity = Number(to.status.uidValidity);
    const candidates = missing.filter((m) => m.uidValidity === validity && !renames.some((r) => r.folder.id === m.id));
    if (candidates.length === 0) continue;
    const rivals = fresh.filter((f) => Number(f.status.uidValidity) === validity);
    const folder =
      candidates.length === 1 && rivals.length === 1
        ? candidates[0]
        : await closestByMessages(db, client, to, candidates);
    if (folder) renames.push({ folder, to });
  }
  if (renames.length === 0) return;
  await db.transaction(async (tx) => {
    for (const { folder, to } of renames) {
      await tx
        .update(mailFolders)
        .set({ path: to.entry.path, name: to.entry.name, delimiter: to.entry.delimiter, specialUse: to.specialUse })
        .where(eq(mailFolders.id, folder.id));
    }
  });
}

async function closestByMessages(
  db: Db,
  client: ImapFlow,
  to: Listed,
  candidates: MailFolder[],
): Promise<MailFolder | undefined> {
  await client.mailboxOpen(to.entry.path, { readOnly: true });
  const onServer = new Set<string>();
  if ((to.status.messages ?? 0) > 0)
    for await (const m of client.fetch('1:*', { uid: true, size: true })) onServer.add(`${m.uid}:${m.size}`);
  const scored = [];
  for (const folder of candidates) {
    const rows = await db
      .select({ uid: messages.uid, size: messages.size })
      .from(messages)
      .where(and(eq(messages.folderId, folder.id), gt(messages.uid, 0)));
    scored.push({ folder, score: rows.filter((r) => onServer.has(`${r.uid}:${r.size}`)).length });
  }
  scored.sort((a, b) => b.score - a.score);
  const [best, next] = scored;
  return best && best.score > 0 && (!next || next.score < best.score) ? best.folder : undefined;
}
