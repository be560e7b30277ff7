import { z } from 'zod';
import { getDb } from '@/db/client';
import { enqueueJob } from '@/lib/jobs/boss';
import { getMailboxSyncProgress } from '@/lib/mail/sync/mailbox-sync-progress';
import { requestMailboxSync } from '@/lib/mail/sync/request-mailbox-sync';
import { authedRoute } from '@/server/route';
import { instantSchema } from '@/lib/validation';
import { actorOf } from '@/server/session';

// The webmail's Sync button, and opening a mailbox (SPEC §4: both sync now). Answers the server's time of
// the request, which the button hands back to GET below to learn when a sync begun after it has finished.
export const POST = authedRoute(null, async (_input, session, _request, params) => {
  const requestedAt = new Date();
  const mailboxId = await requestMailboxSync(getDb(), {
    actor: actorOf(session),
    mailboxId: params.id ?? '',
    now: requestedAt,
  });
  await enqueueJob('mail-sync-mailbox', { mailboxId }, { singletonKey: mailboxId });
  return { requestedAt: requestedAt.toISOString() };
});

const progressQuery = z.object({ since: instantSchema().transform((value) => new Date(value)) });

// Polled by the Sync button for a few seconds: pending, done or failed (lib/mail/sync/mailbox-sync-progress.ts).
export const GET = authedRoute(progressQuery, ({ since }, session, _request, params) =>
  getMailboxSyncProgress(getDb(), { actor: actorOf(session), mailboxId: params.id ?? '', since }),
);
