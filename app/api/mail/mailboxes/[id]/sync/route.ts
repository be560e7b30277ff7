import { getDb } from '@/db/client';
import { enqueueJob } from '@/lib/jobs/boss';
import { requestMailboxSync } from '@/lib/mail/sync/request-mailbox-sync';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// The webmail's Sync button, and opening a mailbox (SPEC §4: both sync now).
export const POST = authedRoute(null, async (_input, session, _request, params) => {
  const mailboxId = await requestMailboxSync(getDb(), { actor: actorOf(session), mailboxId: params.id ?? '' });
  await enqueueJob('mail-sync-mailbox', { mailboxId }, { singletonKey: mailboxId });
});
