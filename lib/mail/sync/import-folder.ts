import { eq, sql } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import { transactionWithClient, type Db } from '@/db/client';
import { mailFolders, mailboxes, type MailFolder, type Mailbox } from '@/db/schema';
import type { MessageParser } from '../parse/parse-input';
import { fetchBatch } from './fetch-batch';
import type { RelinkPool } from './relink-pool';
import { storeMessages } from './store-messages';
import type { FolderWithStatus } from './sync-folder-list';

const FIRST_BATCH_SIZE = 50;

export type ImportContext = {
  db: Db;
  client: ImapFlow;
  mailbox: Mailbox;
  parser: MessageParser;
  batchSize: number;
  /** Rows that lost their place on the server, for a move, rename or rebuild to take over. */
  pool: RelinkPool;
};

/**
 * UIDs of the folder's import window still to import: below the cursor, newest first. Never older than the
 * folder's import floor, where the retention purge removed the local copies (a folder rebuilt after a
 * UIDVALIDITY change would otherwise import them again).
 */
export async function pendingImportUids(client: ImapFlow, folder: MailFolder, windowStart: Date): Promise<number[]> {
  const since = folder.importFloor && folder.importFloor > windowStart ? folder.importFloor : windowStart;
  const found = (await client.search({ since }, { uid: true })) || [];
  const cursor = folder.importCursorUid ?? Number.MAX_SAFE_INTEGER;
  return found.filter((uid) => uid < cursor).sort((a, b) => b - a);
}

/**
 * The first import of a folder: the messages received within the plan's import window, newest first, in
 * batches. Each batch commits with the cursor, so a crash or restart resumes without gaps or duplicates.
 * The folder's UIDNEXT and HIGHESTMODSEQ are recorded before the first batch: whatever happens on the
 * server meanwhile is picked up by the incremental sync that follows.
 */
export async function importFolder(context: ImportContext, entry: FolderWithStatus, uids: number[]): Promise<number> {
  const { db, client, mailbox } = context;
  let folder = entry.folder;
  if (folder.importCursorUid === null) {
    [folder] = (await db
      .update(mailFolders)
      .set({
        uidValidity: entry.status.uidValidity,
        uidNext: entry.status.uidNext,
        highestModseq: entry.status.highestModseq,
        importCursorUid: entry.status.uidNext,
      })
      .where(eq(mailFolders.id, folder.id))
      .returning()) as [MailFolder];
  }
  let imported = 0;
  // A folder imported for the first time usually has no rows yet: then each batch skips looking for its UIDs.
  const startedEmpty =
    (await db.execute(sql`select 1 from messages where folder_id = ${folder.id} limit 1`)).rows.length === 0;
  // A small first batch puts the newest page on screen quickly; full batches follow for throughput.
  const first = Math.min(FIRST_BATCH_SIZE, context.batchSize);
  const batches: number[][] = uids.length > 0 ? [uids.slice(0, first)] : [];
  for (let i = first; i < uids.length; i += context.batchSize) batches.push(uids.slice(i, i + context.batchSize));
  // The next batch is fetched and parsed while the current one is written: IMAP and PostgreSQL work at once.
  let next = batches.length > 0 ? fetchBatch(client, batches[0]!, context.parser) : null;
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i]!;
    const fetched = await next!;
    next = i + 1 < batches.length ? fetchBatch(client, batches[i + 1]!, context.parser) : null;
    // If writing fails, the prefetch is abandoned: keep its failure from surfacing as unhandled.
    next?.catch(() => {});
    await transactionWithClient(db, async (tx, pgClient) => {
      // Not waiting for the WAL flush is safe here: a crash can lose only the last batches committed, and their
      // cursor with them, so the next sync fetches them again. Any later synchronous commit (the job's own,
      // the next sync's) flushes them anyway.
      await pgClient.query('set local synchronous_commit = off');
      const stored = await storeMessages(tx, pgClient, {
        mailbox,
        folder,
        fetched,
        pool: context.pool,
        startedEmpty,
      });
      await tx
        .update(mailFolders)
        .set({ importCursorUid: Math.min(...batch) })
        .where(eq(mailFolders.id, folder.id));
      await tx
        .update(mailboxes)
        .set({ importDone: sql`${mailboxes.importDone} + ${batch.length}` })
        .where(eq(mailboxes.id, mailbox.id));
      imported += stored.inserted;
    });
  }
  // A prefetch still running when a write failed would use the connection after the sync gave up on it.
  await next?.catch(() => {});
  await db
    .update(mailFolders)
    .set({ importCompletedAt: new Date(), lastSyncedAt: new Date() })
    .where(eq(mailFolders.id, folder.id));
  return imported;
}
