import type { OAuthProviderConfig } from './providers';
import type { TokenSet } from './token-endpoint';

type Claims = Record<string, unknown>;

const GOOGLE_ISSUER = 'https://accounts.google.com';

function decodePayload(jwt: string): Claims | null {
  const part = jwt.split('.')[1];
  if (!part) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Claims) : null;
  } catch {
    return null;
  }
}

const looksLikeAddress = (value: unknown): value is string =>
  typeof value === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/**
 * The claims of the ID token from the token endpoint, checked: issuer (Microsoft's multi-tenant `{tenantid}`
 * is the token's own `tid`), audience, nonce and expiry. Its signature is not checked: it came straight from
 * the provider's token endpoint over TLS in answer to our authenticated request, which OpenID Connect Core
 * §3.1.3.7 accepts in place of the signature. Null when it does not pass.
 */
export function checkedIdClaims(
  idToken: string,
  expected: { config: Pick<OAuthProviderConfig, 'issuer' | 'clientId'>; nonce: string; now?: number },
): Claims | null {
  const claims = decodePayload(idToken);
  if (!claims) return null;
  const issuer = expected.config.issuer.replace('{tenantid}', typeof claims.tid === 'string' ? claims.tid : '');
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const nowSeconds = (expected.now ?? Date.now()) / 1000;
  // Google documents its issuer with and without the scheme.
  const issuers = issuer === GOOGLE_ISSUER ? [issuer, 'accounts.google.com'] : [issuer];
  if (!issuers.includes(String(claims.iss)) || !audience.includes(expected.config.clientId)) return null;
  if (claims.nonce !== expected.nonce) return null;
  // A minute of leeway for clocks that disagree.
  if (typeof claims.exp !== 'number' || claims.exp + 60 < nowSeconds) return null;
  return claims;
}

/** The mailbox address the provider vouches for: `email` (unless marked unverified), else Microsoft's UPN. */
export function addressFromClaims(claims: Claims): string | null {
  if (claims.email_verified === false || claims.email_verified === 'false') return null;
  if (looksLikeAddress(claims.email)) return claims.email.toLowerCase();
  if (looksLikeAddress(claims.preferred_username)) return claims.preferred_username.toLowerCase();
  return null;
}

/** Asks the userinfo endpoint, for a provider whose ID token carried no address. */
export async function addressFromUserinfo(
  config: Pick<OAuthProviderConfig, 'userinfoUrl'>,
  tokens: Pick<TokenSet, 'accessToken'>,
): Promise<string | null> {
  if (!config.userinfoUrl) return null;
  try {
    const response = await fetch(config.userinfoUrl, {
      headers: { authorization: `Bearer ${tokens.accessToken}`, accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return null;
    return addressFromClaims((await response.json()) as Claims);
  } catch {
    return null;
  }
}
