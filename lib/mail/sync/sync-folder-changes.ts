import { and, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import { transactionWithClient, type Db } from '@/db/client';
import { messages } from '@/db/schema';
import { fetchBatch } from './fetch-batch';
import type { ImportContext } from './import-folder';
import { digestHeader, type RelinkCandidate } from './relink-pool';
import { GONE_UID_OFFSET } from './retire-rows';
import { applyFlagChanges } from './apply-flag-changes';
import { storeMessages } from './store-messages';
import type { FolderWithStatus } from './sync-folder-list';

/** True when the folder may have changed since the last sync (or the server cannot tell us cheaply). */
export function folderChanged(entry: FolderWithStatus): boolean {
  const { folder, status } = entry;
  if (status.highestModseq === null || folder.highestModseq === null) return true;
  return status.uidNext !== folder.uidNext || status.highestModseq !== folder.highestModseq;
}

/** The columns a row is matched by when it turns up elsewhere (relink-pool.ts). */
export const candidateColumns = {
  id: messages.id,
  folderId: messages.folderId,
  uid: messages.uid,
  headerDigest: messages.headerDigest,
  messageIdHeader: messages.messageIdHeader,
  size: messages.size,
  receivedAt: messages.receivedAt,
  subject: messages.subject,
  fromAddress: messages.fromAddress,
};

/** Every row of a folder the server no longer lists: each may turn up elsewhere (a rename or a move). */
export async function rowsOfFolder(db: Db, folderId: number): Promise<RelinkCandidate[]> {
  return db
    .select(candidateColumns)
    .from(messages)
    .where(and(eq(messages.folderId, folderId), gt(messages.uid, -GONE_UID_OFFSET)));
}

/**
 * Phase 1 of an incremental sync of an imported folder: flag and keyword changes (CONDSTORE CHANGEDSINCE, or
 * all flags of the local range on servers without it) and the local rows no longer on the server. Flags are
 * written at once (they say what the server says); the vanished rows are only returned, for the end of the
 * sync to retire together with the folder's new cursor.
 */
export async function syncFlagsAndFindVanished(
  context: ImportContext,
  entry: FolderWithStatus,
): Promise<{ updated: number; vanished: RelinkCandidate[]; replaced: boolean }> {
  const { db, client } = context;
  const { folder, status } = entry;
  // The UIDs alone: whole rows were loaded at every change of the folder to find the few that vanished (one new
  // message in a 100,000-message folder took 1.2–1.5 s); those few are loaded whole below.
  const local = await db
    .select({ uid: messages.uid, digested: sql<boolean>`${messages.headerDigest} is not null` })
    .from(messages)
    .where(and(eq(messages.folderId, folder.id), gt(messages.uid, 0)));
  if (local.length === 0) return { updated: 0, vanished: [], replaced: false };
  const lowest = local.reduce((min, m) => Math.min(min, m.uid), Number.MAX_SAFE_INTEGER);
  const onServer = new Set(((await client.search({ uid: `${lowest}:*` }, { uid: true })) || []) as number[]);
  if (await holdsOtherMessages(context, folder.id, local, onServer))
    return { updated: 0, vanished: [], replaced: true };

  const changes: Array<{ uid: number; flags: Set<string> }> = [];
  const condstore = status.highestModseq !== null && folder.highestModseq !== null;
  if (!condstore || status.highestModseq !== folder.highestModseq) {
    const options = condstore ? { uid: true, changedSince: folder.highestModseq! } : { uid: true };
    for await (const m of client.fetch(`${lowest}:*`, { uid: true, flags: true }, options)) {
      if (m.uid >= lowest) changes.push({ uid: m.uid, flags: m.flags ?? new Set() });
    }
  }
  const updated = await applyFlagChanges(db, folder.id, changes);
  const gone = local.filter((m) => !onServer.has(m.uid)).map((m) => m.uid);
  // An array parameter, not a list: a folder emptied on the server can lose more UIDs than a statement takes.
  const vanished =
    gone.length === 0
      ? []
      : await db
          .select(candidateColumns)
          .from(messages)
          .where(and(eq(messages.folderId, folder.id), sql`${messages.uid} = any(${sql.param(gone)}::bigint[])`));
  return { updated, vanished, replaced: false };
}

/**
 * Whether the folder at this path is another folder than the one stored, with the same UIDVALIDITY: Cyrus
 * takes UIDVALIDITY from the creation second, so a folder renamed onto the path of one deleted meanwhile can
 * look unchanged while its UIDs name other messages. The header blocks of the lowest and highest stored UIDs
 * the server still has tell: two small FETCHes' worth for a folder that changed.
 */
async function holdsOtherMessages(
  context: ImportContext,
  folderId: number,
  local: Array<{ uid: number; digested: boolean }>,
  onServer: Set<number>,
): Promise<boolean> {
  const kept = local.filter((m) => m.digested && onServer.has(m.uid)).sort((a, b) => a.uid - b.uid);
  const probes = kept.length > 1 ? [kept[0]!.uid, kept.at(-1)!.uid] : kept.map((m) => m.uid);
  if (probes.length === 0) return false;
  const stored = await context.db
    .select({ uid: messages.uid, headerDigest: messages.headerDigest })
    .from(messages)
    .where(and(eq(messages.folderId, folderId), inArray(messages.uid, probes)));
  const byUid = new Map(stored.map((m) => [m.uid, m.headerDigest]));
  const query = { uid: true, headers: true };
  for await (const m of context.client.fetch(probes.join(','), query, { uid: true })) {
    if (byUid.has(m.uid) && digestHeader(m.headers ?? Buffer.alloc(0)) !== byUid.get(m.uid)) return true;
  }
  return false;
}

/**
 * Phase 2: messages that arrived since the last sync (UIDs from the stored UIDNEXT on). The folder's cursor
 * is not moved here: the end of the sync moves it together with the retirement of the rows that vanished.
 */
export async function fetchNewMessages(context: ImportContext, entry: FolderWithStatus): Promise<number> {
  const { db, client, mailbox } = context;
  const { folder, status } = entry;
  let inserted = 0;
  if (folder.uidNext !== null && status.uidNext > folder.uidNext) {
    // "n:*" always matches the last message, even below n: filter.
    const found = ((await client.search({ uid: `${folder.uidNext}:*` }, { uid: true })) || []) as number[];
    // A sync cut short may have stored some of them already; its cursor stayed behind, so they come again.
    const stored = await db
      .select({ uid: messages.uid })
      .from(messages)
      .where(and(eq(messages.folderId, folder.id), gte(messages.uid, folder.uidNext)));
    const have = new Set(stored.map((r) => r.uid));
    const uids = found.filter((uid) => uid >= folder.uidNext! && !have.has(uid)).sort((a, b) => b - a);
    for (let i = 0; i < uids.length; i += context.batchSize) {
      const fetched = await fetchBatch(client, uids.slice(i, i + context.batchSize), context.parser);
      const stored = await transactionWithClient(db, (tx, pgClient) =>
        storeMessages(tx, pgClient, { mailbox, folder, fetched, pool: context.pool }),
      );
      inserted += stored.inserted;
    }
  }
  return inserted;
}
