import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { DOVECOT_CLIENT_ID, MAILROOM_CLIENT_ID, newSecret, oauthConfiguration } from './oauth-config';
import { completeConsent } from './oauth-consent';

export interface OAuthTestServer {
  /** http://127.0.0.1:PORT (no trailing slash) */
  issuer: string;
  port: number;
  endpoints: {
    authorization: string;
    token: string;
    userinfo: string;
    introspection: string;
    revocation: string;
    jwks: string;
  };
  /** Mailroom's client (confidential, PKCE S256 required). */
  client: { id: string; secret: string };
  /** Dovecot's client, may introspect any access token. */
  introspectionClient: { id: string; secret: string };
  /** Counts since start: successful/failed refresh_token grants, successful authorization_code grants. */
  stats(): { refreshGrants: number; failedRefreshGrants: number; codeGrants: number };
  /** Completes the real login + consent flow over HTTP (fetch, cookies) as `login` (an e-mail address) and
   *  returns the final redirect URL (redirect_uri?code=..&state=.. or ?error=access_denied when deny: true). */
  consent(authorizationUrl: string, login: string, options?: { deny?: boolean }): Promise<string>;
  /** Revokes every grant of that account: its refresh and access tokens stop working. */
  revokeGrants(login: string): Promise<void>;
  /** Revokes one access token (introspection says active: false from then on). */
  revokeAccessToken(token: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOAuthServerOptions {
  redirectUris: string[];
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** A free one by default. */
  port?: number;
  /**
   * Appends every access and refresh token issued, one a line: a Playwright spec (another process) reads them
   * to check that no page or response of the app shows one.
   */
  issuedTokensFile?: string;
}

/** Dovecot's introspection URL, its client's credentials in it (see startDovecot's oauth2 option). */
export function dovecotIntrospectionUrl(server: OAuthTestServer): string {
  const url = new URL(server.endpoints.introspection);
  url.username = server.introspectionClient.id;
  url.password = server.introspectionClient.secret;
  return url.toString();
}

const HOST = '127.0.0.1';

/**
 * An OpenID Connect provider on loopback (oidc-provider, in memory) that plays Google and Microsoft for Mailroom,
 * and whose introspection endpoint lets Dovecot check the access tokens it issues.
 */
export async function startOAuthServer(options: StartOAuthServerOptions): Promise<OAuthTestServer> {
  // The issuer contains the port, so the socket is bound before the provider exists.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://${HOST}:${port}`;
  const client = { id: MAILROOM_CLIENT_ID, secret: newSecret() };
  const introspectionClient = { id: DOVECOT_CLIENT_ID, secret: newSecret() };
  const configuration = await oauthConfiguration({
    redirectUris: options.redirectUris,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    client,
    introspectionClient,
  });
  const provider = new Provider(issuer, configuration);

  const counts = { refreshGrants: 0, failedRefreshGrants: 0, codeGrants: 0 };
  provider.on('grant.success', (ctx) => {
    const grantType = ctx.oidc.params?.grant_type;
    if (grantType === 'refresh_token') counts.refreshGrants++;
    if (grantType === 'authorization_code') counts.codeGrants++;
  });
  provider.on('grant.error', (ctx) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') counts.failedRefreshGrants++;
  });
  // The in-memory adapter cannot look grants up by account, so remember which grants each account has.
  const grantsByAccount = new Map<string, Set<string>>();
  provider.on('grant.saved', (grant) => {
    if (!grant.accountId) return;
    const grants = grantsByAccount.get(grant.accountId) ?? new Set<string>();
    grants.add(grant.jti);
    grantsByAccount.set(grant.accountId, grants);
  });

  const { issuedTokensFile } = options;
  if (issuedTokensFile) {
    // Opaque tokens: the id is the token itself.
    const record = (token: { jti: string }) => appendFileSync(issuedTokensFile, `${token.jti}\n`);
    provider.on('access_token.saved', record);
    provider.on('refresh_token.saved', record);
  }

  const callback = provider.callback();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    // Microsoft's account picker (prompt=select_account) is a prompt oidc-provider does not know; its sign-in
    // page is the nearest thing.
    if (req.url?.startsWith('/auth?')) req.url = req.url.replace(/([?&]prompt=)select_account(?=&|$)/, '$1login');
    callback(req, res);
  };
  server.on('request', handler);
  const url = (pathname: string) => `${issuer}${pathname}`;

  let stopping: Promise<void> | undefined;
  return {
    issuer,
    port,
    endpoints: {
      authorization: url('/auth'),
      token: url('/token'),
      userinfo: url('/me'),
      introspection: url('/token/introspection'),
      revocation: url('/token/revocation'),
      jwks: url('/jwks'),
    },
    client,
    introspectionClient,
    stats: () => ({ ...counts }),
    consent: (authorizationUrl, login, consentOptions) =>
      completeConsent({ issuer, authorizationUrl, login, deny: consentOptions?.deny === true }),
    async revokeGrants(login) {
      for (const grantId of grantsByAccount.get(login) ?? []) {
        // Each model's revokeByGrantId drops every token of the grant (they share one index in the adapter).
        await provider.AccessToken.revokeByGrantId(grantId);
        await provider.RefreshToken.revokeByGrantId(grantId);
        await provider.AuthorizationCode.revokeByGrantId(grantId);
        await (await provider.Grant.find(grantId))?.destroy();
      }
      grantsByAccount.delete(login);
    },
    async revokeAccessToken(token) {
      const found = await provider.AccessToken.find(token);
      if (!found) throw new Error('revokeAccessToken: no such access token');
      await found.destroy();
    },
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.off('request', handler);
        server.close(() => resolve());
        // Keep-alive connections (Dovecot's HTTP client, fetch) would hold close() open.
        server.closeAllConnections();
      })),
  };
}
