import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { ImapFlow, StatusObject } from 'imapflow';
import type { Db } from '@/db/client';
import { mailFolders, type MailFolder, type Mailbox } from '@/db/schema';

export type FolderWithStatus = { folder: MailFolder; status: Required<Pick<StatusObject, 'messages' | 'uidNext'>> & { uidValidity: number; highestModseq: bigint | null } };

const specialUses = { '\\Inbox': 'inbox', '\\Sent': 'sent', '\\Drafts': 'drafts', '\\Junk': 'junk', '\\Trash': 'trash', '\\Archive': 'archive' } as const;
// The initial import does the folders people look at first first.
const importOrder = ['inbox', 'sent', 'drafts', 'archive', null, 'junk', 'trash'];

/**
 * One LIST (with LIST-STATUS where the server has it) gives every folder and its UIDNEXT, UIDVALIDITY and
 * HIGHESTMODSEQ: enough to tell which folders changed without selecting any. Folders gone from the server
 * are removed locally with their messages.
 */
export async function syncFolderList(db: Db, client: ImapFlow, mailbox: Mailbox): Promise<FolderWithStatus[]> {
  const listed = await client.list({ statusQuery: { messages: true, uidNext: true, uidValidity: true, highestModseq: true } });
  const selectable = listed.filter((f) => !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent'));
  const entries = [];
  for (const entry of selectable) {
    const status = entry.status ?? (await client.status(entry.path, { messages: true, uidNext: true, uidValidity: true, highestModseq: true })) ?? undefined;
    if (status) entries.push({ entry, status, specialUse: entry.specialUse ? (specialUses[entry.specialUse as keyof typeof specialUses] ?? null) : null });
  }
  // One statement for the whole list: a sync with nothing new must stay a few milliseconds of database work.
  const folders = entries.length
    ? await db
        .insert(mailFolders)
        .values(entries.map(({ entry, specialUse }) => ({ orgId: mailbox.orgId, mailboxId: mailbox.id, path: entry.path, name: entry.name, delimiter: entry.delimiter, specialUse })))
        .onConflictDoUpdate({
          target: [mailFolders.mailboxId, mailFolders.path],
          set: { name: sql`excluded.name`, delimiter: sql`excluded.delimiter`, specialUse: sql`excluded.special_use` },
        })
        .returning()
    : [];
  const byPath = new Map(folders.map((f) => [f.path, f]));
  const result: FolderWithStatus[] = entries.map(({ entry, status }) => ({
    folder: byPath.get(entry.path)!,
    status: {
      messages: status.messages ?? 0,
      uidNext: status.uidNext ?? 1,
      uidValidity: Number(status.uidValidity ?? 0),
      highestModseq: status.highestModseq ?? null,
    },
  }));
  const keep = result.map((r) => r.folder.path);
  await db.delete(mailFolders).where(and(eq(mailFolders.mailboxId, mailbox.id), keep.length ? notInArray(mailFolders.path, keep) : undefined));
  return result
    .filter((r) => r.folder.syncEnabled)
    .sort((a, b) => importOrder.indexOf(a.folder.specialUse) - importOrder.indexOf(b.folder.specialUse));
}
