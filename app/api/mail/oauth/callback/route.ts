import { getDb } from '@/db/client';
import { enqueueJob } from '@/lib/jobs/boss';
import { finishOAuthFlow } from '@/lib/mail/oauth/finish-oauth-flow';
import { backToSettings, seeOther } from '@/server/oauth-redirects';
import { actorOf, getCurrentSession } from '@/server/session';

// The provider sends the browser back here with ?code&state (or ?error). The state is consumed whatever
// happens; the outcome is shown on the mailbox settings page, never the tokens.
export async function GET(request: Request): Promise<Response> {
  const session = await getCurrentSession();
  if (!session || session.user.mustChangePassword) return seeOther('/sign-in');
  const query = new URL(request.url).searchParams;
  let result: Awaited<ReturnType<typeof finishOAuthFlow>>;
  try {
    result = await finishOAuthFlow(getDb(), {
      actor: actorOf(session),
      sessionId: session.sessionId,
      params: {
        state: query.get('state') ?? undefined,
        code: query.get('code') ?? undefined,
        error: query.get('error') ?? undefined,
      },
    });
  } catch (error) {
    // Only the error's name and message: never the query, which holds the code.
    process.stderr.write(`OAuth callback failed: ${error instanceof Error ? error.message : 'unknown error'}\n`);
    return backToSettings({ oauthError: 'unavailable' });
  }
  if (!result.ok) return backToSettings({ oauthError: result.failure });
  // The mailbox is saved: a queue that cannot take the job now leaves it to the scheduler's next round.
  await enqueueJob('mail-sync-mailbox', { mailboxId: result.mailbox.id }, { singletonKey: result.mailbox.id }).catch(
    (error: unknown) =>
      process.stderr.write(`Could not queue the first sync: ${error instanceof Error ? error.message : error}\n`),
  );
  return backToSettings({ oauth: result.outcome, email: result.mailbox.email });
}
