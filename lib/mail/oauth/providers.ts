import type { ServerSettings, TransportSecurity } from '../settings';

export type OAuthProviderId = 'google' | 'microsoft';
export const oauthProviderIds: readonly OAuthProviderId[] = ['google', 'microsoft'];

export const oauthProviderLabels: Record<OAuthProviderId, string> = { google: 'Google', microsoft: 'Microsoft' };

type MailServer = Omit<ServerSettings, 'login'>;

export type OAuthProviderConfig = {
  id: OAuthProviderId;
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** Asked for the address when the ID token has none. */
  userinfoUrl: string | null;
  /** Where a removed mailbox's refresh token is revoked (RFC 7009); Microsoft has none. */
  revocationUrl: string | null;
  /** What the ID token's `iss` must be; `{tenantid}` stands for its `tid` claim (Microsoft's multi-tenant apps). */
  issuer: string;
  scopes: string[];
  /** Extra parameters of the authorization request (Google needs them for a refresh token). */
  authorizationParams: Record<string, string>;
  /** The preset id a mailbox of this provider is saved with (lib/mail/presets.ts). */
  preset: 'gmail' | 'office365';
  imap: MailServer;
  smtp: MailServer;
};

// The endpoints are configuration so that tests (and national clouds) can point them elsewhere; the defaults
// are the providers' public ones. Scopes: Google's one scope covers IMAP and SMTP; Microsoft needs one per
// protocol on the outlook.office.com resource, offline_access for a refresh token, openid email for the address.
function defaults(id: OAuthProviderId, tenant: string): Defaults {
  if (id === 'google')
    return {
      authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      userinfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
      revocationUrl: 'https://oauth2.googleapis.com/revoke',
      issuer: 'https://accounts.google.com',
      scopes: ['openid', 'email', 'https://mail.google.com/'],
      authorizationParams: { access_type: 'offline', prompt: 'consent' },
      preset: 'gmail',
      imap: 'imap.gmail.com:993:tls',
      smtp: 'smtp.gmail.com:465:tls',
    };
  const base = `https://login.microsoftonline.com/${encodeURIComponent(tenant)}`;
  return {
    authorizationUrl: `${base}/oauth2/v2.0/authorize`,
    tokenUrl: `${base}/oauth2/v2.0/token`,
    userinfoUrl: null,
    revocationUrl: null,
    issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
    scopes: [
      'openid',
      'email',
      'offline_access',
      'https://outlook.office.com/IMAP.AccessAsUser.All',
      'https://outlook.office.com/SMTP.Send',
    ],
    authorizationParams: { prompt: 'select_account' },
    preset: 'office365',
    imap: 'outlook.office365.com:993:tls',
    smtp: 'smtp.office365.com:587:starttls',
  };
}

type Defaults = Pick<
  OAuthProviderConfig,
  | 'authorizationUrl'
  | 'tokenUrl'
  | 'userinfoUrl'
  | 'revocationUrl'
  | 'issuer'
  | 'scopes'
  | 'authorizationParams'
  | 'preset'
> & { imap: string; smtp: string };

/** "host:port:security", as GOOGLE_IMAP_SERVER and the like take it. */
export function parseMailServer(value: string, variable: string): MailServer {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5}):(tls|starttls|none)$/.exec(value.trim());
  if (!match) throw new Error(`${variable} must look like host:port:tls|starttls|none, not ${JSON.stringify(value)}`);
  return { host: match[1]!.toLowerCase(), port: Number(match[2]), security: match[3] as TransportSecurity };
}

/** The provider as the operator configured it, or null when its client id or secret is missing. */
export function oauthProviderConfig(
  id: OAuthProviderId,
  env: Record<string, string | undefined> = process.env,
): OAuthProviderConfig | null {
  const prefix = id === 'google' ? 'GOOGLE' : 'MICROSOFT';
  const read = (name: string) => env[`${prefix}_${name}`]?.trim() || undefined;
  const clientId = read('CLIENT_ID');
  const clientSecret = read('CLIENT_SECRET');
  if (!clientId || !clientSecret) return null;
  const d = defaults(id, read('TENANT') ?? 'common');
  return {
    id,
    clientId,
    clientSecret,
    authorizationUrl: read('AUTHORIZATION_URL') ?? d.authorizationUrl,
    tokenUrl: read('TOKEN_URL') ?? d.tokenUrl,
    userinfoUrl: read('USERINFO_URL') ?? d.userinfoUrl,
    revocationUrl: read('REVOCATION_URL') ?? d.revocationUrl,
    issuer: read('ISSUER') ?? d.issuer,
    scopes: d.scopes,
    authorizationParams: d.authorizationParams,
    preset: d.preset,
    imap: parseMailServer(read('IMAP_SERVER') ?? d.imap, `${prefix}_IMAP_SERVER`),
    smtp: parseMailServer(read('SMTP_SERVER') ?? d.smtp, `${prefix}_SMTP_SERVER`),
  };
}

/** The providers whose app the operator registered: the connect page offers a button for each. */
export function configuredOAuthProviders(env: Record<string, string | undefined> = process.env): OAuthProviderId[] {
  return oauthProviderIds.filter((id) => oauthProviderConfig(id, env) !== null);
}

/** The sign-in a password mailbox of this preset can switch to (its provider no longer takes passwords). */
export function oauthProviderForPreset(preset: string): OAuthProviderId | null {
  if (preset === 'gmail') return 'google';
  if (preset === 'outlook' || preset === 'office365') return 'microsoft';
  return null;
}

export function isOAuthProviderId(value: unknown): value is OAuthProviderId {
  return value === 'google' || value === 'microsoft';
}
