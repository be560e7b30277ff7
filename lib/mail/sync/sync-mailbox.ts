import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailboxes, organizations, type Mailbox } from '@/db/schema';
import { AppError, isAppError } from '../../errors';
import { importWindowStart, planAllowsSync } from '../../plans/effective-plan';
import { classifyMailError, isMailServerFailure, requiresReauth } from '../errors';
import { openImapConnection, type ImapTimeouts } from '../imap/open-imap-connection';
import { decryptCredentials } from '../mailboxes/mailbox-view';
import type { MessageParser } from '../parse/parse-input';
import { importFolder, pendingImportUids, type ImportContext } from './import-folder';
import { withHostSlot, withMailboxSyncLock } from './mailbox-sync-lock';
import { dropStaleRows, resetFolderForRebuild } from './rebuild-folder';
import { deleteVanished, fetchNewMessages, folderChanged, syncFlagsAndFindVanished, type Vanished } from './sync-folder-changes';
import { syncFolderList } from './sync-folder-list';

export type SyncReport = { mailboxId: string; status: 'synced' | 'skipped'; reason?: string; folders: number; imported: number; updated: number; removed: number; ms: number };

export type SyncOptions = { mailboxId: string; parser: MessageParser; now?: Date; batchSize?: number; timeouts?: ImapTimeouts };

/**
 * One sync of a mailbox, both directions of change from the server: folders, the initial import (newest
 * first, within the plan's window), new, changed, moved and deleted messages. Never two at once for one
 * mailbox, across processes. A failure is recorded on the mailbox for the UI and rethrown, so the job retries
 * transient ones; a refused password stops syncing until the user reconnects.
 */
export async function syncMailbox(db: Db, options: SyncOptions): Promise<SyncReport> {
  const started = Date.now();
  const empty = { mailboxId: options.mailboxId, folders: 0, imported: 0, updated: 0, removed: 0 };
  const [row] = await db.select({ mailbox: mailboxes, org: organizations }).from(mailboxes).innerJoin(organizations, eq(organizations.id, mailboxes.orgId)).where(eq(mailboxes.id, options.mailboxId));
  if (!row) throw new AppError('not_found', { userMessage: 'No such mailbox.' });
  const now = options.now ?? new Date();
  if (!planAllowsSync(row.org, row.mailbox, now)) return { ...empty, status: 'skipped', reason: 'mail not available or mailbox disabled', ms: Date.now() - started };
  if (row.mailbox.requiresReauth) return { ...empty, status: 'skipped', reason: 'waiting for a new password', ms: Date.now() - started };

  const outcome = await withMailboxSyncLock(db, row.mailbox.id, () =>
    withHostSlot(row.mailbox.imapHost, () => runSync(db, row.mailbox, importWindowStart(row.org, now)!, options)),
  );
  if (!outcome.acquired) return { ...empty, status: 'skipped', reason: 'already syncing', ms: Date.now() - started };
  return { ...outcome.result, ms: Date.now() - started };
}

async function runSync(db: Db, mailbox: Mailbox, windowStart: Date, options: SyncOptions): Promise<Omit<SyncReport, 'ms'>> {
  // lastSyncAt records when this sync started: a Sync click made while it runs stays pending (sync policy).
  const startedAt = new Date();
  await db.update(mailboxes).set({ syncState: 'syncing', lastSyncStartedAt: startedAt }).where(eq(mailboxes.id, mailbox.id));
  const settings = { host: mailbox.imapHost, port: mailbox.imapPort, security: mailbox.imapSecurity, login: mailbox.imapLogin };
  let client: Awaited<ReturnType<typeof openImapConnection>> | undefined;
  try {
    client = await openImapConnection(settings, decryptCredentials(mailbox).imapPassword, options.timeouts);
    const context: ImportContext = { db, client, mailbox, parser: options.parser, batchSize: options.batchSize ?? 250, relinkable: new Map(), claimed: new Set() };
    const report = await syncFolders(context, windowStart);
    await db
      .update(mailboxes)
      .set({ syncState: 'idle', lastSyncAt: startedAt, lastErrorCode: null, lastErrorMessage: null, lastErrorAt: null, lastSyncStats: report })
      .where(eq(mailboxes.id, mailbox.id));
    return { mailboxId: mailbox.id, status: 'synced', ...report };
  } catch (raw) {
    const error = isAppError(raw)
      ? raw
      : isMailServerFailure(raw)
        ? classifyMailError(raw, { kind: 'IMAP', host: settings.host, port: settings.port })
        : new AppError('internal', { message: `Sync of mailbox ${mailbox.id} failed: ${raw instanceof Error ? raw.message : String(raw)}`, cause: raw });
    await db
      .update(mailboxes)
      .set({ syncState: 'error', lastErrorCode: error.code, lastErrorMessage: error.userMessage, lastErrorAt: new Date(), requiresReauth: requiresReauth(error) })
      .where(eq(mailboxes.id, mailbox.id));
    throw error;
  } finally {
    await client?.logout().catch(() => client?.close());
  }
}

async function syncFolders(context: ImportContext, windowStart: Date) {
  const { db, mailbox } = context;
  const entries = await syncFolderList(db, context.client, mailbox);
  const report = { folders: entries.length, imported: 0, updated: 0, removed: 0 };
  const vanishedRows: Vanished[] = [];

  // Phase 1: flags and deletions of folders already imported; deleted rows wait, a move may claim them.
  for (const entry of entries) {
    if (!entry.folder.importCompletedAt || entry.folder.uidValidity !== entry.status.uidValidity || !folderChanged(entry)) continue;
    await context.client.mailboxOpen(entry.folder.path, { readOnly: true });
    const { updated, vanished } = await syncFlagsAndFindVanished(context, entry);
    report.updated += updated;
    for (const v of vanished) {
      vanishedRows.push(v);
      if (v.messageIdHeader) context.relinkable.set(v.messageIdHeader, v.id);
    }
  }

  // The import total is known before the first batch so progress reads "N of M" from the start.
  const pending = new Map<number, number[]>();
  for (const entry of entries) {
    if (entry.folder.uidValidity !== null && entry.folder.uidValidity !== entry.status.uidValidity) {
      const { folder, stale } = await resetFolderForRebuild(db, entry.folder, entry.status.uidValidity);
      entry.folder = folder;
      for (const [messageId, id] of stale) context.relinkable.set(messageId, id);
    }
    if (entry.folder.importCompletedAt) continue;
    await context.client.mailboxOpen(entry.folder.path, { readOnly: true });
    pending.set(entry.folder.id, await pendingImportUids(context.client, entry.folder, windowStart));
  }
  const total = [...pending.values()].reduce((n, uids) => n + uids.length, 0);
  if (total > 0) await db.update(mailboxes).set({ syncState: 'importing', importTotal: sql`${mailboxes.importDone} + ${total}` }).where(eq(mailboxes.id, mailbox.id));

  // Phase 2: new messages of imported folders, then the (rest of the) initial import, newest first.
  // Only folders with something to do are selected: a sync with nothing new stays one LIST-STATUS.
  for (const entry of entries) {
    if (entry.folder.importCompletedAt) {
      if (!folderChanged(entry)) continue;
      await context.client.mailboxOpen(entry.folder.path, { readOnly: true });
      report.imported += await fetchNewMessages(context, entry);
      continue;
    }
    await context.client.mailboxOpen(entry.folder.path, { readOnly: true });
    report.imported += await importFolder(context, entry, pending.get(entry.folder.id) ?? []);
    report.removed += await dropStaleRows(db, entry.folder.id);
  }

  // Rows that vanished and were not taken over by a move are gone from the server.
  report.removed += await deleteVanished(db, vanishedRows.filter((v) => !context.claimed.has(v.id)));
  return report;
}
