import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { messages, threadFolders, threads } from '@/db/schema';

// For tests: the thread aggregates recomputed from scratch in TypeScript, from the messages alone, next to what
// the triggers of migration 0013 keep in threads and thread_folders. Two independent derivations of one truth.

type Row = typeof messages.$inferSelect;
const listed = (m: Row) => !m.hiddenFromWebmail && m.goneFromServerAt === null;
const byDate = (a: Row, b: Row) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id - b.id;

export async function expectedAndStoredAggregates(db: DbOrTx, mailboxId: string) {
  const rows = await db.select().from(messages).where(eq(messages.mailboxId, mailboxId));
  const byThread = new Map<number, Row[]>();
  for (const m of rows) if (m.threadId !== null) byThread.set(m.threadId, [...(byThread.get(m.threadId) ?? []), m]);

  const expectedThreads = [...byThread].map(([id, all]) => {
    const shown = all.filter(listed).sort(byDate);
    const dated = shown.length > 0 ? shown : [...all].sort(byDate);
    const seen = new Set<string>();
    const participants: Array<{ name: string; address: string }> = [];
    for (const m of shown) {
      const name = m.fromName ?? '';
      const address = m.fromAddress ?? '';
      if (!name && !address) continue;
      const key = address ? address.toLowerCase() : `name:${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (participants.length < 10) participants.push({ name, address });
    }
    return {
      id,
      firstAt: dated[0]!.receivedAt.getTime(),
      latestAt: dated[dated.length - 1]!.receivedAt.getTime(),
      messageCount: shown.length,
      unreadCount: shown.filter((m) => !m.seen).length,
      participants,
    };
  });

  const byFolder = new Map<string, Row[]>();
  for (const m of rows.filter(listed)) {
    if (m.threadId === null) continue;
    const key = `${m.folderId}:${m.threadId}`;
    byFolder.set(key, [...(byFolder.get(key) ?? []), m]);
  }
  const expectedFolders = [...byFolder.values()].map((list) => {
    const newest = [...list].sort(byDate).at(-1)!;
    return {
      folderId: newest.folderId,
      threadId: newest.threadId!,
      latestAt: newest.receivedAt.getTime(),
      latestMessageId: newest.id,
      messageCount: list.length,
      unreadCount: list.filter((m) => !m.seen).length,
      flagged: list.some((m) => m.flagged),
      answered: list.some((m) => m.answered),
      hasAttachments: list.some((m) => m.hasAttachments),
      linkKinds: [...new Set(list.flatMap((m) => m.linkKinds))].sort(),
    };
  });

  const storedThreads = (await db.select().from(threads).where(eq(threads.mailboxId, mailboxId))).map((t) => ({
    id: t.id,
    firstAt: t.firstAt.getTime(),
    latestAt: t.latestAt.getTime(),
    messageCount: t.messageCount,
    unreadCount: t.unreadCount,
    participants: t.participants,
  }));
  const storedFolders = (await db.select().from(threadFolders).where(eq(threadFolders.mailboxId, mailboxId))).map(
    ({ orgId: _org, mailboxId: _mailbox, ...f }) => ({
      ...f,
      latestAt: f.latestAt.getTime(),
      linkKinds: [...f.linkKinds].sort(),
    }),
  );
  const order = <T extends { id?: number; folderId?: number; threadId?: number }>(list: T[]) =>
    [...list].sort(
      (a, b) =>
        (a.id ?? 0) - (b.id ?? 0) || (a.folderId ?? 0) - (b.folderId ?? 0) || (a.threadId ?? 0) - (b.threadId ?? 0),
    );
  return {
    expected: { threads: order(expectedThreads), folders: order(expectedFolders) },
    stored: { threads: order(storedThreads), folders: order(storedFolders) },
    unthreaded: rows.filter((m) => m.threadId === null).length,
  };
}
