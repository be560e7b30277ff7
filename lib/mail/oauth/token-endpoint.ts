import { AppError } from '../../errors';
import { type OAuthProviderConfig, oauthProviderLabels } from './providers';

export type TokenSet = {
  accessToken: string;
  /** Absent when the provider keeps the refresh token it issued before (no rotation). */
  refreshToken?: string;
  /** ms since the epoch. */
  expiresAt: number;
  idToken?: string;
};

const TOKEN_TIMEOUT_MS = 10_000;
const USER_MUST_SIGN_IN = new Set([
  'invalid_grant',
  'unauthorized_client',
  'interaction_required',
  'consent_required',
  'invalid_scope',
]);
// A provider that leaves out expires_in: assume the usual hour, the refresh on a refused login covers the rest.
const DEFAULT_LIFETIME_S = 3600;

/** The provider said the grant (refresh token or code) is no longer valid: only the user can fix that. */
export function grantRefused(config: Pick<OAuthProviderConfig, 'id'>, reason: string): AppError {
  return new AppError('mail_auth_failed', {
    message: `${config.id} refused the OAuth2 grant: ${reason}`,
    problem: { key: 'mailbox.oauthGrantRevoked', values: { provider: oauthProviderLabels[config.id] } },
  });
}

function providerUnavailable(config: Pick<OAuthProviderConfig, 'id'>, reason: string, cause?: unknown): AppError {
  return new AppError('mail_unreachable', {
    message: `${config.id} token endpoint: ${reason}`,
    problem: { key: 'mailbox.oauthProviderUnavailable', values: { provider: oauthProviderLabels[config.id] } },
    cause,
  });
}

/**
 * One request to the token endpoint (client_secret_post, which Google and Microsoft both take). Only the
 * error code of a refusal is kept: the body may echo what was sent. The tokens are never logged.
 */
export async function requestTokens(
  config: OAuthProviderConfig,
  params: Record<string, string>,
  now = Date.now(),
): Promise<TokenSet> {
  let response: Response;
  try {
    response = await fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ ...params, client_id: config.clientId, client_secret: config.clientSecret }),
      redirect: 'error',
      signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    });
  } catch (error) {
    throw providerUnavailable(config, error instanceof Error ? error.message : 'request failed', error);
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok) {
    const code = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
    // invalid_grant: revoked, expired, or already used (a replayed code, a rotated refresh token). Microsoft also
    // asks for the user again with interaction_required (conditional access, MFA) and consent_required.
    if (USER_MUST_SIGN_IN.has(code)) throw grantRefused(config, code);
    throw providerUnavailable(config, code);
  }
  if (typeof body?.access_token !== 'string' || !body.access_token)
    throw providerUnavailable(config, 'no access_token in the answer');
  const lifetime =
    typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in) || DEFAULT_LIFETIME_S;
  return {
    accessToken: body.access_token,
    ...(typeof body.refresh_token === 'string' && body.refresh_token ? { refreshToken: body.refresh_token } : {}),
    expiresAt: now + lifetime * 1000,
    ...(typeof body.id_token === 'string' ? { idToken: body.id_token } : {}),
  };
}
