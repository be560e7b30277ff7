import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { oauthStates, organizations } from '@/db/schema';
import { getMailboxForActor } from '../../access/mailbox-access';
import type { Actor } from '../../access/actor';
import { hashSessionId } from '../../auth/sessions';
import { encryptSecret } from '../../crypto/secret-box';
import { AppError } from '../../errors';
import { throwIfMailboxLimitReached } from '../../plans/guards';
import { takeRateLimit } from '../../rate-limit';
import { isOAuthProviderId, oauthProviderConfig, oauthProviderLabels } from './providers';

// Long enough to read a consent screen and sign in with two-factor; a state older than this is refused.
export const OAUTH_STATE_TTL_MS = 10 * 60_000;
const STARTS = { limit: 20, windowMs: 10 * 60_000 } as const;

const random = () => randomBytes(32).toString('base64url');
export const hashState = (state: string) => createHash('sha256').update(state).digest('hex');
export const stateSecretsContext = (stateHash: string) => `oauth-state:${stateHash}`;

export type OAuthStateSecrets = { verifier: string; nonce: string };

/**
 * "Connect with Google/Microsoft" (or "Reconnect …" with `mailboxId`): records a single-use state bound to the
 * session, with a PKCE verifier and a nonce, and returns the provider's authorization URL to send the browser
 * to. Refused before the provider is involved when the plan has no room or the mailbox is not the user's to
 * manage. Only users (not the CLI) start flows: the consent needs a browser.
 */
export async function startOAuthFlow(
  db: Db,
  options: {
    provider: string;
    actor: Actor;
    sessionId: string;
    redirectUri: string;
    mailboxId?: string;
    now?: Date;
  },
): Promise<string> {
  const { actor } = options;
  if (actor.kind !== 'user') throw new AppError('forbidden', { problem: { key: 'mailbox.oauthBrowserOnly' } });
  const now = options.now ?? new Date();
  // The mailbox first: whoever may not manage it learns nothing, not even which providers are set up.
  const mailbox = options.mailboxId
    ? await getMailboxForActor(db, { mailboxId: options.mailboxId, actor, permission: 'manage' })
    : null;
  const config = isOAuthProviderId(options.provider) ? oauthProviderConfig(options.provider) : null;
  if (!config) throw new AppError('not_found', { problem: { key: 'mailbox.oauthProviderUnknown' } });
  let loginHint: string | undefined;
  if (mailbox) {
    // A password mailbox may switch to the provider's sign-in (Microsoft no longer takes passwords): the
    // callback checks it is the same address, and the mailbox keeps its mail and links.
    if (mailbox.oauthProvider !== config.id && mailbox.oauthProvider !== null)
      throw new AppError('validation', {
        problem: { key: 'mailbox.oauthOtherLogin', values: { provider: oauthProviderLabels[config.id] } },
      });
    loginHint = mailbox.email;
  } else {
    const [org] = await db.select().from(organizations).where(eq(organizations.id, actor.orgId));
    if (!org) throw new AppError('not_found', { problem: { key: 'mailbox.organizationNotFound' } });
    await throwIfMailboxLimitReached(db, { org, userId: actor.userId, now });
  }
  await takeRateLimit(db, { key: `oauth-start:${actor.userId}`, ...STARTS, now });

  const state = random();
  const stateHash = hashState(state);
  const secrets: OAuthStateSecrets = { verifier: random(), nonce: random() };
  // Flows nobody finished go with the next start of the same user.
  await db.delete(oauthStates).where(and(eq(oauthStates.userId, actor.userId), lt(oauthStates.expiresAt, now)));
  await db.insert(oauthStates).values({
    stateHash,
    orgId: actor.orgId,
    userId: actor.userId,
    sessionHash: hashSessionId(options.sessionId),
    provider: config.id,
    secretsCiphertext: encryptSecret(JSON.stringify(secrets), stateSecretsContext(stateHash)),
    redirectUri: options.redirectUri,
    mailboxId: options.mailboxId ?? null,
    expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS),
  });

  const url = new URL(config.authorizationUrl);
  const params = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: options.redirectUri,
    scope: config.scopes.join(' '),
    state,
    nonce: secrets.nonce,
    code_challenge: createHash('sha256').update(secrets.verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...config.authorizationParams,
    ...(loginHint ? { login_hint: loginHint } : {}),
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
