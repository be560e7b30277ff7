import type { DbOrTx } from '@/db/client';
import type { Mailbox } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';

/**
 * Where a Sync request made at `since` stands:
 * - pending: no sync that started after the request has finished yet (queued, running, or waiting behind a
 *   sync that was already running when the button was pressed);
 * - done: one did (lastSyncAt records a sync's start, so lastSyncAt ≥ since means it began after the click
 *   and everything the server had then is in);
 * - failed: it ended in an error, or the mailbox cannot sync (disabled, waiting for a new password).
 */
export type SyncProgress = { state: 'pending' | 'done' | 'failed'; lastSyncAt: string | null };

export function syncProgressOf(
  mailbox: Pick<Mailbox, 'status' | 'requiresReauth' | 'syncState' | 'lastSyncAt' | 'lastErrorAt'>,
  since: Date,
): SyncProgress {
  const lastSyncAt = mailbox.lastSyncAt?.toISOString() ?? null;
  if (mailbox.lastSyncAt && mailbox.lastSyncAt.getTime() >= since.getTime()) return { state: 'done', lastSyncAt };
  if (mailbox.status !== 'active' || mailbox.requiresReauth) return { state: 'failed', lastSyncAt };
  // A failure before the request belongs to an earlier sync; this request's own job may still succeed.
  if (mailbox.syncState === 'error' && mailbox.lastErrorAt && mailbox.lastErrorAt.getTime() >= since.getTime())
    return { state: 'failed', lastSyncAt };
  return { state: 'pending', lastSyncAt };
}

/**
 * The webmail's Sync button waits on this (GET /api/mail/mailboxes/[id]/sync?since=…) to refresh the list as
 * soon as the job finished. `since` is the server's time of the request, returned by the POST, so the
 * browser's clock plays no part. Only someone who may read the mailbox learns anything; others get not_found.
 */
export async function getMailboxSyncProgress(
  db: DbOrTx,
  options: { mailboxId: string; since: Date; actor: Actor },
): Promise<SyncProgress> {
  const mailbox = await getMailboxForActor(db, {
    mailboxId: options.mailboxId,
    actor: options.actor,
    permission: 'read',
  });
  return syncProgressOf(mailbox, options.since);
}
