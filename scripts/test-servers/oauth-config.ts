import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { AccessToken, Client, ClientCredentials, Configuration, RefreshToken } from 'oidc-provider';

export const MAILROOM_CLIENT_ID = 'mailroom';
export const DOVECOT_CLIENT_ID = 'dovecot';

/** What Google and Microsoft grant Mailroom; all are plain OIDC scopes here, so they are granted at consent. */
export const OAUTH_SCOPES = [
  'openid',
  'email',
  'offline_access',
  'https://mail.google.com/',
  'https://outlook.office.com/IMAP.AccessAsUser.All',
  'https://outlook.office.com/SMTP.Send',
];

const DAY = 24 * 60 * 60;

export interface OAuthConfigInput {
  redirectUris: string[];
  accessTokenTtlSeconds: number;
  client: { id: string; secret: string };
  introspectionClient: { id: string; secret: string };
}

/** Hex, so it can sit in the userinfo part of Dovecot's introspection URL without escaping. */
export function newSecret(): string {
  return randomBytes(24).toString('hex');
}

export async function oauthConfiguration(input: OAuthConfigInput): Promise<Configuration> {
  // A key of our own (rather than the library's development keys) for signing ID tokens.
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-bed', use: 'sig', alg: 'RS256' };
  const isMailroom = (clientId: string) => clientId === input.client.id;

  return {
    clients: [
      {
        client_id: input.client.id,
        client_secret: input.client.secret,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: input.redirectUris,
        // The registered method; a client secret is accepted in the body and in a Basic header alike.
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: input.introspectionClient.id,
        client_secret: input.introspectionClient.secret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [newSecret()] },
    scopes: OAUTH_SCOPES,
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    // Google and Microsoft put the address into the ID token itself.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      // The library's own login and consent pages: a browser (or consent()) really signs in and agrees.
      devInteractions: { enabled: true },
      introspection: { enabled: true, allowedPolicy: introspectionPolicy(input.introspectionClient.id) },
      revocation: { enabled: true },
      // Without resource indicators every access token is an opaque token for the userinfo endpoint.
      resourceIndicators: { enabled: false },
    },
    // Google issues a refresh token for access_type=offline without the offline_access scope.
    issueRefreshToken: (_ctx, client) => isMailroom(client.clientId),
    // A refresh token must outlive the provider's browser session, as it does at Google and Microsoft.
    expiresWithSession: () => false,
    rotateRefreshToken: true,
    ttl: {
      AccessToken: input.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      Grant: 30 * DAY,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 30 * DAY,
      Session: DAY,
    },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, email: sub, email_verified: true }),
    }),
  };
}

/**
 * Dovecot may introspect any access token (it serves every account) but no refresh token, so a refresh token
 * is no IMAP password; any other client only its own tokens.
 */
function introspectionPolicy(dovecotClientId: string) {
  return (_ctx: unknown, client: Client, token: AccessToken | ClientCredentials | RefreshToken) =>
    client.clientId === dovecotClientId ? token.kind === 'AccessToken' : token.clientId === client.clientId;
}
