'use client';

import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { SyncProgress } from '@/lib/mail/sync/mailbox-sync-progress';
import { apiGet, apiPost, errorMessage } from './mail-api';
import { useNotices } from './notices';
import { mailKeys } from './use-mail-data';

// Most syncs of a few new messages end within a second or two, so the first looks come quickly; a long one
// (or one queued behind a sync already running, which the scheduler picks up within its minute) is looked at
// less and less often, and after WAIT_LIMIT_MS the list's own one-minute refresh takes over.
const POLL_DELAYS_MS = [500, 1_000, 1_000, 1_000, 2_000, 2_000, 3_000, 5_000];
const WAIT_LIMIT_MS = 90_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the request's progress until a sync begun after it finished (or failed, or the limit passed). */
export async function waitForSync(mailboxId: string, requestedAt: string): Promise<SyncProgress['state']> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (let attempt = 0; Date.now() < deadline; attempt += 1) {
    await sleep(POLL_DELAYS_MS[Math.min(attempt, POLL_DELAYS_MS.length - 1)]!);
    const progress = await apiGet<SyncProgress>(`/api/mail/mailboxes/${mailboxId}/sync`, { since: requestedAt });
    if (progress.state !== 'pending') return progress.state;
  }
  return 'pending';
}

/**
 * Asks for a sync of the mailbox, then refreshes the folders and every cached list as soon as the job is done,
 * rather than at the next minute's refetch (which ran before the job had). Resolves with how it ended.
 */
export async function syncAndRefresh(client: QueryClient, mailboxId: string): Promise<SyncProgress['state']> {
  try {
    const { requestedAt } = await apiPost<{ requestedAt: string }>(`/api/mail/mailboxes/${mailboxId}/sync`);
    // Shows the mailbox as syncing (and its import progress) while we wait.
    void client.invalidateQueries({ queryKey: mailKeys.folders });
    return await waitForSync(mailboxId, requestedAt);
  } finally {
    await Promise.all([
      client.invalidateQueries({ queryKey: mailKeys.folders }),
      client.invalidateQueries({ queryKey: mailKeys.lists }),
    ]);
  }
}

/** The folder pane's Sync button: pending (the button says "Syncing…") until the job is done. */
export function useSyncMailbox(mailboxId: string) {
  const client = useQueryClient();
  const notices = useNotices();
  return useMutation({
    mutationFn: () => syncAndRefresh(client, mailboxId),
    onError: (error) => notices.show(errorMessage(error), { tone: 'error' }),
  });
}
