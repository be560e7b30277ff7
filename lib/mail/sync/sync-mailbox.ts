import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { mailFolders, mailboxes, messages, organizations, type MailFolder, type Mailbox } from '@/db/schema';
import { AppError, isAppError } from '../../errors';
import { importWindowStart, planAllowsSync } from '../../plans/effective-plan';
import { classifyMailError, isMailServerFailure, requiresReauth } from '../errors';
import type { ImapTimeouts } from '../imap/open-imap-connection';
import { openMailboxImap } from '../imap/open-mailbox-imap';
import type { MessageParser } from '../parse/parse-input';
import { importFolder, pendingImportUids, type ImportContext } from './import-folder';
import { refreshPlannerStatistics } from './refresh-planner-statistics';
import { withHostSlot, withMailboxSyncLock } from './mailbox-sync-lock';
import { resetFolderForRebuild, retireStaleRows, staleRows } from './rebuild-folder';
import { RelinkPool, type RelinkCandidate } from './relink-pool';
import { retireRows, type RetireResult } from './retire-rows';
import { fetchNewMessages, folderChanged, rowsOfFolder, syncFlagsAndFindVanished } from './sync-folder-changes';
import { syncFolderList, type FolderWithStatus } from './sync-folder-list';

/** `removed`: rows taken off the folder lists for any reason; `keptGone` of them stay, marked gone, for their work. */
export type SyncReport = {
  mailboxId: string;
  status: 'synced' | 'skipped';
  reason?: string;
  folders: number;
  imported: number;
  updated: number;
  removed: number;
  keptGone: number;
  ms: number;
};

export type SyncOptions = {
  mailboxId: string;
  parser: MessageParser;
  now?: Date;
  batchSize?: number;
  timeouts?: ImapTimeouts;
};

/**
 * One sync of a mailbox, both directions of change from the server: folders, the initial import (newest
 * first, within the plan's window), new, changed, moved and deleted messages. Never two at once for one
 * mailbox, across processes. A failure is recorded on the mailbox for the UI and rethrown, so the job retries
 * transient ones; a refused password stops syncing until the user reconnects.
 */
export async function syncMailbox(db: Db, options: SyncOptions): Promise<SyncReport> {
  const started = Date.now();
  const empty = { mailboxId: options.mailboxId, folders: 0, imported: 0, updated: 0, removed: 0, keptGone: 0 };
  const [row] = await db
    .select({ mailbox: mailboxes, org: organizations })
    .from(mailboxes)
    .innerJoin(organizations, eq(organizations.id, mailboxes.orgId))
    .where(eq(mailboxes.id, options.mailboxId));
  if (!row) throw new AppError('not_found', { problem: { key: 'mailbox.notFound' } });
  const now = options.now ?? new Date();
  if (!planAllowsSync(row.org, row.mailbox, now))
    return { ...empty, status: 'skipped', reason: 'mail not available or mailbox disabled', ms: Date.now() - started };
  if (row.mailbox.requiresReauth)
    return { ...empty, status: 'skipped', reason: 'waiting for a new password', ms: Date.now() - started };

  const outcome = await withMailboxSyncLock(db, row.mailbox.id, () =>
    withHostSlot(row.mailbox.imapHost, () => runSync(db, row.mailbox, importWindowStart(row.org, now)!, options)),
  );
  if (!outcome.acquired) return { ...empty, status: 'skipped', reason: 'already syncing', ms: Date.now() - started };
  return { ...outcome.result, ms: Date.now() - started };
}

async function runSync(
  db: Db,
  mailbox: Mailbox,
  windowStart: Date,
  options: SyncOptions,
): Promise<Omit<SyncReport, 'ms'>> {
  // lastSyncAt records when this sync started: a Sync click made while it runs stays pending (sync policy).
  const startedAt = new Date();
  await db
    .update(mailboxes)
    .set({ syncState: 'syncing', lastSyncStartedAt: startedAt })
    .where(eq(mailboxes.id, mailbox.id));
  const settings = {
    host: mailbox.imapHost,
    port: mailbox.imapPort,
    security: mailbox.imapSecurity,
    login: mailbox.imapLogin,
  };
  let client: Awaited<ReturnType<typeof openMailboxImap>> | undefined;
  try {
    client = await openMailboxImap(db, mailbox, options.timeouts);
    const context: ImportContext = {
      db,
      client,
      mailbox,
      parser: options.parser,
      // 150 rather than 250: two batches are in memory at once (one written, the next fetched and parsed), and
      // at 250 the import's peak RSS passed 256 MB for ~7 % more msg/s (bench:sync, issue 22).
      batchSize: options.batchSize ?? 150,
      pool: new RelinkPool(),
    };
    const report = await syncFolders(context, windowStart);
    await db
      .update(mailboxes)
      .set({
        syncState: 'idle',
        lastSyncAt: startedAt,
        lastErrorCode: null,
        lastErrorMessage: null,
        lastErrorProblem: null,
        lastErrorAt: null,
        lastSyncStats: report,
      })
      .where(eq(mailboxes.id, mailbox.id));
    return { mailboxId: mailbox.id, status: 'synced', ...report };
  } catch (raw) {
    const error = isAppError(raw)
      ? raw
      : isMailServerFailure(raw)
        ? classifyMailError(raw, {
            kind: 'IMAP',
            host: settings.host,
            port: settings.port,
            security: settings.security,
          })
        : new AppError('internal', {
            message: `Sync of mailbox ${mailbox.id} failed: ${raw instanceof Error ? raw.message : String(raw)}`,
            cause: raw,
          });
    await db
      .update(mailboxes)
      .set({
        syncState: 'error',
        lastErrorCode: error.code,
        lastErrorMessage: error.userMessage,
        // The same sentence for pages to word in their reader's language; null for an error given only in English.
        lastErrorProblem: error.problem ?? null,
        lastErrorAt: new Date(),
        requiresReauth: requiresReauth(error),
      })
      .where(eq(mailboxes.id, mailbox.id));
    throw error;
  } finally {
    await client?.logout().catch(() => client?.close());
  }
}

async function syncFolders(context: ImportContext, windowStart: Date) {
  const { db, mailbox } = context;
  const { entries, gone } = await syncFolderList(db, context.client, mailbox);
  const report = { folders: entries.length, imported: 0, updated: 0, removed: 0, keptGone: 0 };
  const vanished: RelinkCandidate[] = [];
  const offer = (rows: RelinkCandidate[]) => {
    for (const row of rows) {
      vanished.push(row);
      context.pool.add(row);
    }
  };

  // Phase 1: flags of folders already imported, and the rows that left them (or whose folder left the
  // server); these wait in the pool, since a move or rename elsewhere may claim them.
  for (const folder of gone) offer(await rowsOfFolder(db, folder.id));
  const replaced = new Set<number>();
  for (const entry of entries) {
    if (
      !entry.folder.importCompletedAt ||
      entry.folder.uidValidity !== entry.status.uidValidity ||
      !folderChanged(entry)
    )
      continue;
    await context.client.mailboxOpen(entry.folder.path, { readOnly: true });
    const found = await syncFlagsAndFindVanished(context, entry);
    if (found.replaced) replaced.add(entry.folder.id);
    report.updated += found.updated;
    offer(found.vanished);
  }

  // The import total is known before the first batch so progress reads "N of M" from the start. The old
  // rows of a rebuilt folder are offered at every sync until they are taken over or retired, crash or not.
  const pending = new Map<number, number[]>();
  for (const entry of entries) {
    // Renumbered by the server, or another folder now at this path: rebuilt, its rows matched by identity.
    if (
      (entry.folder.uidValidity !== null && entry.folder.uidValidity !== entry.status.uidValidity) ||
      replaced.has(entry.folder.id)
    ) {
      entry.folder = await resetFolderForRebuild(db, entry.folder, entry.status.uidValidity);
    }
  }
  // Every folder, every sync: a range of the (folder, uid) index each, so a no-change sync stays cheap.
  const stale = await staleRows(
    db,
    entries.map((e) => e.folder.id),
  );
  for (const row of stale) context.pool.add(row);
  for (const entry of entries) {
    if (entry.folder.importCompletedAt) continue;
    await context.client.mailboxOpen(entry.folder.path, { readOnly: true });
    pending.set(entry.folder.id, await pendingImportUids(context.client, entry.folder, windowStart));
  }
  const total = [...pending.values()].reduce((n, uids) => n + uids.length, 0);
  if (total > 0)
    await db
      .update(mailboxes)
      .set({ syncState: 'importing', importTotal: sql`${mailboxes.importDone} + ${total}` })
      .where(eq(mailboxes.id, mailbox.id));

  // Phase 2: new messages of imported folders, then the (rest of the) initial import, newest first.
  // Only folders with something to do are selected: a sync with nothing new stays one LIST-STATUS.
  const cursors: FolderWithStatus[] = [];
  for (const entry of entries) {
    if (entry.folder.importCompletedAt) {
      if (!folderChanged(entry)) continue;
      await context.client.mailboxOpen(entry.folder.path, { readOnly: true });
      report.imported += await fetchNewMessages(context, entry);
      cursors.push(entry);
      continue;
    }
    await context.client.mailboxOpen(entry.folder.path, { readOnly: true });
    report.imported += await importFolder(context, entry, pending.get(entry.folder.id) ?? []);
  }
  // A first import that filled much of the tables: the user about to open the inbox gets plans made on them.
  await refreshPlannerStatistics(db, report.imported);

  // Only now, with every folder seen, is a row that left its place and was not claimed gone from the
  // server (a rebuilt folder's old row may be claimed by a folder imported after it). Its retirement commits
  // with the cursors that stop the next sync from looking again: a sync cut short before here leaves every
  // cursor behind, and the next one finds the same changes.
  await db.transaction(async (tx) => {
    countRetired(report, await retireStaleRows(tx, stale, (id) => context.pool.isClaimed(id)));
    countRetired(
      report,
      await retireRows(
        tx,
        vanished.filter((v) => !context.pool.isClaimed(v.id) && !gone.some((f) => f.id === v.folderId)),
      ),
    );
    await saveCursors(tx, cursors);
    await retireGoneFolders(
      tx,
      mailbox.id,
      gone,
      vanished.filter((v) => !context.pool.isClaimed(v.id)),
      report,
    );
  });
  return report;
}

function countRetired(report: { removed: number; keptGone: number }, retired: RetireResult) {
  report.removed += retired.deleted + retired.keptGone;
  report.keptGone += retired.keptGone;
}

async function saveCursors(tx: DbOrTx, cursors: FolderWithStatus[]) {
  for (const { folder, status } of cursors) {
    await tx
      .update(mailFolders)
      .set({
        uidNext: status.uidNext,
        highestModseq: status.highestModseq,
        uidValidity: status.uidValidity,
        lastSyncedAt: new Date(),
      })
      .where(eq(mailFolders.id, folder.id));
  }
}

/**
 * Folders the server no longer has. Their unclaimed rows are retired; rows kept for their work move to the
 * mailbox's inbox row (out of every list, as gone rows are), so the folder row itself can go.
 */
async function retireGoneFolders(
  tx: DbOrTx,
  mailboxId: string,
  gone: MailFolder[],
  unclaimed: RelinkCandidate[],
  report: { removed: number; keptGone: number },
) {
  if (gone.length === 0) return;
  const [inbox] = await tx
    .select({ id: mailFolders.id })
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailboxId), eq(mailFolders.specialUse, 'inbox')));
  for (const folder of gone) {
    countRetired(
      report,
      await retireRows(
        tx,
        unclaimed.filter((v) => v.folderId === folder.id),
        { moveTo: inbox?.id },
      ),
    );
    // Rows already kept as gone by an earlier sync go along.
    if (inbox)
      await tx
        .update(messages)
        .set({ folderId: inbox.id })
        .where(and(eq(messages.folderId, folder.id), isNotNull(messages.goneFromServerAt)));
    // The delete cascades to the folder's rows: with no inbox row to re-home kept rows, the folder stays.
    await tx
      .delete(mailFolders)
      .where(
        and(
          eq(mailFolders.id, folder.id),
          sql`not exists (select 1 from messages m where m.folder_id = ${folder.id} and m.link_kinds <> '{}')`,
        ),
      );
  }
}
