import { getDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { startOAuthFlow } from '@/lib/mail/oauth/start-oauth-flow';
import { oauthRedirectUri, seeOther, startRefused } from '@/server/oauth-redirects';
import { errorResponse } from '@/server/route';
import { actorOf, getCurrentSession } from '@/server/session';

// "Connect with Google/Microsoft" and "Reconnect with …" (?mailboxId=): a link, so the browser follows the
// redirect to the provider's consent page. Signed-out visitors go to sign in first.
export async function GET(request: Request, context: { params: Promise<{ provider: string }> }): Promise<Response> {
  // A link clicked on Mailroom's own page (same-origin) or typed (none); another site's <img> or link must not
  // record flows or spend the user's allowance of starts.
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none')
    return errorResponse(new AppError('forbidden', { problem: { key: 'request.crossSite' } }));
  const session = await getCurrentSession();
  if (!session || session.user.mustChangePassword) return seeOther('/sign-in');
  const mailboxId = new URL(request.url).searchParams.get('mailboxId') || undefined;
  try {
    const location = await startOAuthFlow(getDb(), {
      provider: (await context.params).provider,
      actor: actorOf(session),
      sessionId: session.sessionId,
      redirectUri: await oauthRedirectUri(),
      mailboxId,
    });
    return seeOther(location);
  } catch (error) {
    return startRefused(error);
  }
}
