import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { oauthStates } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { hashSessionId } from '../../auth/sessions';
import { decryptSecret } from '../../crypto/secret-box';
import { isAppError, type ErrorCode } from '../../errors';
import type { MailboxView } from '../mailboxes/mailbox-view';
import { connectOAuthMailbox, reconnectOAuthMailbox } from './connect-oauth-mailbox';
import { addressFromClaims, addressFromUserinfo, checkedIdClaims } from './id-token';
import { isOAuthProviderId, oauthProviderConfig } from './providers';
import { hashState, stateSecretsContext, type OAuthStateSecrets } from './start-oauth-flow';
import { requestTokens } from './token-endpoint';

/** Why a flow ended without a mailbox: the `oauthError` the settings page words in a sentence of its own. */
export type OAuthFlowFailure =
  | 'denied'
  | 'state'
  | 'exchange'
  | 'account'
  | 'mismatch'
  | 'exists'
  | 'limit'
  | 'server'
  | 'unavailable';

export type OAuthFlowResult =
  | { ok: true; outcome: 'connected' | 'reconnected'; mailbox: MailboxView }
  | { ok: false; failure: OAuthFlowFailure };

const failed = (failure: OAuthFlowFailure): OAuthFlowResult => ({ ok: false, failure });

function failureOf(code: ErrorCode, reason: unknown): OAuthFlowFailure {
  if (reason === 'mismatch') return 'mismatch';
  if (code === 'conflict') return 'exists';
  if (code === 'limit_exceeded') return 'limit';
  if (code.startsWith('mail_')) return 'server';
  return 'unavailable';
}

/**
 * The provider's redirect back: consumes the state (once, whatever happens next), checks it belongs to this
 * user's session and has not expired, exchanges the code with the PKCE verifier, takes the address from the
 * checked ID token (or userinfo), then connects the mailbox or reconnects the one the flow was started for.
 */
export async function finishOAuthFlow(
  db: Db,
  options: {
    actor: Actor;
    sessionId: string;
    params: { state?: string; code?: string; error?: string };
    now?: Date;
  },
): Promise<OAuthFlowResult> {
  const { actor, params } = options;
  const now = options.now ?? new Date();
  if (actor.kind !== 'user' || !params.state) return failed('state');
  const stateHash = hashState(params.state);
  const [row] = await db.delete(oauthStates).where(eq(oauthStates.stateHash, stateHash)).returning();
  if (!row || row.userId !== actor.userId || row.sessionHash !== hashSessionId(options.sessionId))
    return failed('state');
  if (row.expiresAt <= now) return failed('state');
  if (params.error) return failed(params.error === 'access_denied' ? 'denied' : 'exchange');
  const config = isOAuthProviderId(row.provider) ? oauthProviderConfig(row.provider) : null;
  if (!config) return failed('unavailable');
  if (!params.code) return failed('exchange');

  const secrets = JSON.parse(decryptSecret(row.secretsCiphertext, stateSecretsContext(stateHash))) as OAuthStateSecrets;
  let tokens: Awaited<ReturnType<typeof requestTokens>>;
  try {
    tokens = await requestTokens(config, {
      grant_type: 'authorization_code',
      code: params.code,
      redirect_uri: row.redirectUri,
      code_verifier: secrets.verifier,
    });
  } catch (error) {
    if (isAppError(error)) return failed('exchange');
    throw error;
  }
  const claims = tokens.idToken
    ? checkedIdClaims(tokens.idToken, { config, nonce: secrets.nonce, now: now.getTime() })
    : null;
  // An ID token that fails its checks (another client's, a replayed nonce) ends the flow.
  if (tokens.idToken && !claims) return failed('exchange');
  const email = (claims && addressFromClaims(claims)) ?? (await addressFromUserinfo(config, tokens));
  if (!email) return failed('account');
  // Without a refresh token the mailbox would stop working within the hour.
  if (!tokens.refreshToken) return failed('exchange');
  const grant = { email, tokens: { ...tokens, refreshToken: tokens.refreshToken } };

  try {
    if (row.mailboxId) {
      const mailbox = await reconnectOAuthMailbox(db, { config, grant, mailboxId: row.mailboxId, actor });
      return { ok: true, outcome: 'reconnected', mailbox };
    }
    const mailbox = await connectOAuthMailbox(db, { config, grant, actor, now });
    return { ok: true, outcome: 'connected', mailbox };
  } catch (error) {
    if (isAppError(error)) return failed(failureOf(error.code, error.details?.reason));
    throw error;
  }
}
