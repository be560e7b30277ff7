import { describe, expect, it } from 'vitest';
import { addressFromClaims, checkedIdClaims } from './id-token';
import { configuredOAuthProviders, oauthProviderConfig, parseMailServer } from './providers';

const jwt = (claims: Record<string, unknown>) =>
  ['{"alg":"RS256"}', JSON.stringify(claims), 'signature'].map((p) => Buffer.from(p).toString('base64url')).join('.');

const now = Date.parse('2026-12-07T10:00:00Z');
const config = { issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', clientId: 'app' };
const good = {
  iss: 'https://login.microsoftonline.com/tenant-1/v2.0',
  tid: 'tenant-1',
  aud: 'app',
  nonce: 'n',
  exp: now / 1000 + 600,
  preferred_username: 'Ann@Contoso.example',
};

describe('the ID token from the token endpoint', () => {
  it("accepts Microsoft's multi-tenant issuer with the token's own tenant, and takes the UPN as the address", () => {
    const claims = checkedIdClaims(jwt(good), { config, nonce: 'n', now });
    expect(claims).not.toBeNull();
    expect(addressFromClaims(claims!)).toBe('ann@contoso.example');
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example/v2.0' }],
    ['the issuer of another tenant', { tid: 'tenant-2' }],
    ['another audience', { aud: 'other-app' }],
    ['another nonce (a replayed token)', { nonce: 'old' }],
    ['an expired token', { exp: now / 1000 - 120 }],
    ['no expiry', { exp: undefined }],
  ])('refuses %s', (_name, change) => {
    expect(checkedIdClaims(jwt({ ...good, ...change }), { config, nonce: 'n', now })).toBeNull();
  });

  it('refuses what is not a token', () => {
    expect(checkedIdClaims('garbage', { config, nonce: 'n', now })).toBeNull();
    expect(checkedIdClaims('a.%%%.c', { config, nonce: 'n', now })).toBeNull();
  });

  it('takes a verified email first, and no address the provider marks unverified', () => {
    expect(addressFromClaims({ email: 'A@B.example', preferred_username: 'x@y.example' })).toBe('a@b.example');
    expect(addressFromClaims({ email: 'a@b.example', email_verified: false })).toBeNull();
    expect(addressFromClaims({ preferred_username: 'not an address' })).toBeNull();
  });
});

describe('provider configuration', () => {
  it('offers a provider only with both its client id and secret', () => {
    expect(configuredOAuthProviders({ GOOGLE_CLIENT_ID: 'id' })).toEqual([]);
    expect(configuredOAuthProviders({ GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' })).toEqual(['google']);
    const microsoft = oauthProviderConfig('microsoft', {
      MICROSOFT_CLIENT_ID: 'id',
      MICROSOFT_CLIENT_SECRET: 's',
      MICROSOFT_TENANT: 'contoso.example',
    });
    expect(microsoft).toMatchObject({
      tokenUrl: 'https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token',
      imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
    });
    expect(microsoft!.scopes).toEqual(
      expect.arrayContaining(['offline_access', 'https://outlook.office.com/IMAP.AccessAsUser.All']),
    );
  });

  it('says which variable is wrong', () => {
    expect(parseMailServer('[::1]:1143:none', 'X')).toEqual({ host: '::1', port: 1143, security: 'none' });
    expect(() => parseMailServer('imap.example:993', 'GOOGLE_IMAP_SERVER')).toThrow(/GOOGLE_IMAP_SERVER/);
  });
});
