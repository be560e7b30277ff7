import type { FolderView } from '@/lib/mail/webmail/list-mail-folders';

// Drafts and Sent are where the mail program files what the user writes: a received message moved there
// would pose as the user's own. Moves stay inside one mailbox (the server moves within one account).
const notTargets = new Set<FolderView['specialUse']>(['drafts', 'sent']);

/** The folders a message of `current` may be moved to: the same mailbox's, less Drafts, Sent and itself. */
export function moveTargetsFor<F extends Pick<FolderView, 'id' | 'specialUse'> & { mailboxId: string }>(
  folders: F[],
  current: { id: number; mailboxId: string } | undefined,
): F[] {
  if (!current) return [];
  return folders.filter(
    (f) => f.mailboxId === current.mailboxId && f.id !== current.id && !notTargets.has(f.specialUse),
  );
}
