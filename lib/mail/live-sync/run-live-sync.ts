import type { Db } from '@/db/client';
import { MAX_CONNECTIONS_PER_HOST } from '../sync/mailbox-sync-lock';
import { runMailboxSyncJob } from '../sync/run-sync-job';

/** 'busy': another sync of the mailbox holds its lock; 'reauth': the server refused the password (recorded). */
export type LiveSyncOutcome = 'done' | 'busy' | 'reauth' | 'failed';
/** 'change': the server just reported one; 'routine': a catch-up when IDLE starts, or a poll. */
export type SyncUrgency = 'change' | 'routine';

/**
 * The sync a change seen by IDLE runs: the same job as a scheduled sync (one LIST-STATUS tells which folders
 * changed, so a new message in INBOX costs the INBOX only; then the CRM rules), under the mailbox's sync lock
 * so it never races the scheduled one.
 */
export async function runLiveSync(
  db: Db,
  options: { mailboxId: string; imapHost: string; urgency: SyncUrgency },
): Promise<LiveSyncOutcome> {
  return withLiveSlot(options.imapHost, options.urgency, async () => {
    const report = await runMailboxSyncJob(db, { mailboxId: options.mailboxId });
    if (report.status === 'needs-password') return 'reauth';
    if (report.status === 'skipped' && report.reason === 'already syncing') return 'busy';
    return 'done';
  });
}

// A sync takes the mailbox's lock (a pooled database connection, held) before it waits for a connection slot
// to its host (sync-mailbox.ts). A burst of new mail over hundreds of idling mailboxes of one host must not
// park hundreds of syncs on the database pool that way: they queue here first, holding nothing. Changes go
// before routine syncs, so a worker starting with 500 catch-up syncs still brings new mail in at once.
const perHost = new Map<string, { active: number; waiting: Record<SyncUrgency, Array<() => void>> }>();

async function withLiveSlot<T>(host: string, urgency: SyncUrgency, fn: () => Promise<T>): Promise<T> {
  const slot = perHost.get(host) ?? { active: 0, waiting: { change: [], routine: [] } };
  perHost.set(host, slot);
  if (slot.active >= MAX_CONNECTIONS_PER_HOST)
    await new Promise<void>((resolve) => slot.waiting[urgency].push(resolve));
  slot.active += 1;
  try {
    return await fn();
  } finally {
    slot.active -= 1;
    const next = slot.waiting.change.shift() ?? slot.waiting.routine.shift();
    if (next) next();
    else if (slot.active === 0) perHost.delete(host);
  }
}
