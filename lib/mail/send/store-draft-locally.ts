import { and, eq } from 'drizzle-orm';
import type { ImapFlow } from 'imapflow';
import { transactionWithClient, type Db } from '@/db/client';
import { mailFolders, type Mailbox } from '@/db/schema';
import { inProcessParser } from '../parse/parse-input';
import { fetchBatch } from '../sync/fetch-batch';
import { RelinkPool } from '../sync/relink-pool';
import { storeMessages } from '../sync/store-messages';

/**
 * Puts a draft just APPENDed into the local Drafts folder, so the folder list shows it at once instead of after
 * the next sync. The row is made exactly as the sync makes it (the same FETCH, parse and insert), under the
 * server's UID: the sync fetches only UIDs the folder does not hold yet, and the insert does nothing on a
 * (folder, uid) already there, so neither side ever duplicates the other. Nothing is stored when the folder
 * was never synced or its UIDVALIDITY changed (the sync then rebuilds it and brings the draft itself).
 *
 * Parsed in process: the body is our own sanitized HTML (at most MAX_COMPOSE_HTML_LENGTH), and only its text
 * parts are fetched, never the attachments.
 */
export async function storeDraftLocally(
  db: Db,
  client: ImapFlow,
  options: { mailbox: Mailbox; path: string; uid: number; uidValidity: bigint | number | null | undefined },
): Promise<void> {
  const [folder] = await db
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, options.mailbox.id), eq(mailFolders.path, options.path)))
    .limit(1);
  if (!folder?.syncEnabled || folder.uidValidity === null) return;
  await client.mailboxOpen(options.path);
  const opened = client.mailbox || null;
  const uidValidity = options.uidValidity ?? opened?.uidValidity;
  if (uidValidity == null || BigInt(uidValidity) !== BigInt(folder.uidValidity)) return;
  const fetched = await fetchBatch(client, [options.uid], inProcessParser);
  if (fetched.length === 0) return;
  // An empty relink pool: a draft is a new message, never one that moved here from another folder.
  await transactionWithClient(db, (tx, pgClient) =>
    storeMessages(tx, pgClient, { mailbox: options.mailbox, folder, fetched, pool: new RelinkPool() }),
  );
}
