import { and, eq, gte, sql } from 'drizzle-orm';
import { transactionWithClient, type Db } from '@/db/client';
import { mailFolders, messages } from '@/db/schema';
import { fetchBatch } from './fetch-batch';
import type { ImportContext } from './import-folder';
import { storeMessages } from './store-messages';
import type { FolderWithStatus } from './sync-folder-list';

export type Vanished = { id: number; folderId: number; uid: number; messageIdHeader: string | null };

/** True when the folder may have changed since the last sync (or the server cannot tell us cheaply). */
export function folderChanged(entry: FolderWithStatus): boolean {
  const { folder, status } = entry;
  if (status.highestModseq === null || folder.highestModseq === null) return true;
  return status.uidNext !== folder.uidNext || status.highestModseq !== folder.highestModseq;
}

/**
 * Phase 1 of an incremental sync of an imported folder: flag changes (CONDSTORE CHANGEDSINCE, or all flags
 * of the local range on servers without it) and the local messages no longer on the server.
 */
export async function syncFlagsAndFindVanished(context: ImportContext, entry: FolderWithStatus): Promise<{ updated: number; vanished: Vanished[] }> {
  const { db, client } = context;
  const { folder, status } = entry;
  const local = await db.select({ id: messages.id, uid: messages.uid, messageIdHeader: messages.messageIdHeader }).from(messages).where(and(eq(messages.folderId, folder.id), gte(messages.uid, 1)));
  if (local.length === 0) return { updated: 0, vanished: [] };
  const lowest = local.reduce((min, m) => Math.min(min, m.uid), Number.MAX_SAFE_INTEGER);

  const changes: Array<{ uid: number; flags: Set<string>; modseq: bigint | null }> = [];
  const condstore = status.highestModseq !== null && folder.highestModseq !== null;
  if (!condstore || status.highestModseq !== folder.highestModseq) {
    const options = condstore ? { uid: true, changedSince: folder.highestModseq! } : { uid: true };
    for await (const m of client.fetch(`${lowest}:*`, { uid: true, flags: true }, options)) {
      if (m.uid >= lowest) changes.push({ uid: m.uid, flags: m.flags ?? new Set(), modseq: m.modseq ?? null });
    }
  }
  const updated = await applyFlagChanges(db, folder.id, changes);

  const onServer = new Set(((await client.search({ uid: `${lowest}:*` }, { uid: true })) || []) as number[]);
  const vanished = local.filter((m) => !onServer.has(m.uid)).map(({ id, uid, messageIdHeader }) => ({ id, folderId: folder.id, uid, messageIdHeader }));
  return { updated, vanished };
}

async function applyFlagChanges(db: Db, folderId: number, changes: Array<{ uid: number; flags: Set<string> }>): Promise<number> {
  if (changes.length === 0) return 0;
  const values = sql.join(
    changes.map((c) => sql`(${c.uid}::bigint, ${c.flags.has('\\Seen')}::boolean, ${c.flags.has('\\Flagged')}::boolean, ${c.flags.has('\\Answered')}::boolean, ${c.flags.has('\\Draft')}::boolean)`),
    sql`, `,
  );
  // Only rows whose flags really differ are written: a full-range fallback must not rewrite every row.
  const result = await db.execute(sql`
    update messages m set seen = v.seen, flagged = v.flagged, answered = v.answered, draft = v.draft
    from (values ${values}) as v(uid, seen, flagged, answered, draft)
    where m.folder_id = ${folderId} and m.uid = v.uid
      and (m.seen, m.flagged, m.answered, m.draft) is distinct from (v.seen, v.flagged, v.answered, v.draft)`);
  return result.rowCount ?? 0;
}

/** Phase 2: messages that arrived since the last sync (UIDs from the stored UIDNEXT on). */
export async function fetchNewMessages(context: ImportContext, entry: FolderWithStatus): Promise<number> {
  const { db, client, mailbox } = context;
  const { folder, status } = entry;
  let inserted = 0;
  if (folder.uidNext !== null && status.uidNext > folder.uidNext) {
    // "n:*" always matches the last message, even below n: filter.
    const found = ((await client.search({ uid: `${folder.uidNext}:*` }, { uid: true })) || []) as number[];
    const uids = found.filter((uid) => uid >= folder.uidNext!).sort((a, b) => b - a);
    for (let i = 0; i < uids.length; i += context.batchSize) {
      const fetched = await fetchBatch(client, uids.slice(i, i + context.batchSize), context.parser);
      inserted += (await transactionWithClient(db, (tx, pgClient) => storeMessages(tx, pgClient, { mailbox, folder, fetched, relinkable: context.relinkable, claimed: context.claimed }))).inserted;
    }
  }
  await db
    .update(mailFolders)
    .set({ uidNext: status.uidNext, highestModseq: status.highestModseq, uidValidity: status.uidValidity, lastSyncedAt: new Date() })
    .where(eq(mailFolders.id, folder.id));
  return inserted;
}

/**
 * Deletes rows that left the server, but only while they are still where the sync saw them: a move the user
 * made in Mailroom meanwhile gave the row a new folder and UID, and it must survive.
 */
export async function deleteVanished(db: Db, vanished: Vanished[]): Promise<number> {
  let removed = 0;
  for (let i = 0; i < vanished.length; i += 5_000) {
    const rows = sql.join(vanished.slice(i, i + 5_000).map((v) => sql`(${v.id}::bigint, ${v.folderId}::bigint, ${v.uid}::bigint)`), sql`, `);
    const result = await db.execute(sql`delete from messages where (id, folder_id, uid) in (${rows})`);
    removed += result.rowCount ?? 0;
  }
  return removed;
}
