import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DovecotServer, startDovecot } from './dovecot';
import { ImapWire } from './imap-wire';
import { dovecotIntrospectionUrl, type OAuthTestServer, startOAuthServer } from './oauth-server';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture';

const REDIRECT_URI = 'http://127.0.0.1:9/api/mail/oauth/callback';
const SCOPE = 'openid email https://mail.google.com/';
/** oidc-provider's opaque tokens: 256 random bits in base64url. */
const OPAQUE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

let oauth: OAuthTestServer;
let capture: SmtpCapture;
let dovecot: DovecotServer;

beforeAll(async () => {
  [oauth, capture] = await Promise.all([startOAuthServer({ redirectUris: [REDIRECT_URI] }), startSmtpCapture()]);
  dovecot = await startDovecot({
    oauth2: { introspectionUrl: dovecotIntrospectionUrl(oauth) },
    submission: { relayPort: capture.port },
  });
});

afterAll(async () => {
  await Promise.all([dovecot?.stop(), capture?.stop(), oauth?.stop()]);
});

interface Tokens {
  access_token: string;
  refresh_token: string;
  id_token: string;
  expires_in: number;
}

/** A Dovecot user (its mail directory) that signs in at the provider with the same address. */
async function newAccount(): Promise<string> {
  const login = `oauth-${randomUUID()}@example.test`;
  await dovecot.addUser(login, 'password-too');
  return login;
}

function authorizationUrl(challenge: string | undefined, extra: Record<string, string> = {}): string {
  const url = new URL(oauth.endpoints.authorization);
  const params = { client_id: oauth.client.id, response_type: 'code', redirect_uri: REDIRECT_URI, scope: SCOPE };
  for (const [key, value] of Object.entries({ ...params, state: 'the-state', nonce: 'the-nonce', ...extra })) {
    url.searchParams.set(key, value);
  }
  if (challenge) {
    url.searchParams.set('code_challenge', challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

/** The token endpoint, authenticating as Mailroom with a Basic header or (basic: false) in the body. */
async function tokenRequest(params: Record<string, string>, basic = true) {
  const credentials = Buffer.from(`${oauth.client.id}:${oauth.client.secret}`).toString('base64');
  const response = await fetch(oauth.endpoints.token, {
    method: 'POST',
    headers: basic ? { authorization: `Basic ${credentials}` } : {},
    body: new URLSearchParams(
      basic ? params : { ...params, client_id: oauth.client.id, client_secret: oauth.client.secret },
    ),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Consent as `login` and exchange the code with PKCE, as Mailroom does. */
async function authorize(login: string, basic = true): Promise<Tokens> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirect = new URL(await oauth.consent(authorizationUrl(challenge, { prompt: 'consent' }), login));
  expect(redirect.searchParams.get('state')).toBe('the-state');
  const code = redirect.searchParams.get('code') ?? '';
  const exchange = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier };
  const { status, body } = await tokenRequest(exchange, basic);
  expect(status, JSON.stringify(body)).toBe(200);
  return body as unknown as Tokens;
}

async function imapLogin(user: string, accessToken: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    auth: { user, accessToken },
    logger: false,
  });
  await client.connect();
  return client;
}

function submission(user: string, accessToken: string) {
  return nodemailer.createTransport({
    host: dovecot.host,
    port: dovecot.submissionPort,
    secure: false,
    ignoreTLS: true,
    auth: { type: 'OAuth2', user, accessToken },
  });
}

async function introspect(token: string): Promise<Record<string, unknown>> {
  const response = await fetch(dovecotIntrospectionUrl(oauth).replace(/\/\/[^@]+@/, '//'), {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${oauth.introspectionClient.id}:${oauth.introspectionClient.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('startOAuthServer', () => {
  it('issues opaque tokens and an ID token with the address through consent and a PKCE code exchange', async () => {
    const login = await newAccount();
    const before = oauth.stats();
    const tokens = await authorize(login);
    expect(tokens.access_token).toMatch(OPAQUE_TOKEN);
    expect(tokens.refresh_token).toMatch(OPAQUE_TOKEN);
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({
      sub: login,
      email: login,
      nonce: 'the-nonce',
      aud: oauth.client.id,
      iss: oauth.issuer,
    });
    expect(oauth.stats().codeGrants).toBe(before.codeGrants + 1);

    // Client authentication in the body works as well as in a Basic header.
    expect((await authorize(login, false)).refresh_token).toMatch(OPAQUE_TOKEN);
    const userinfo = await fetch(oauth.endpoints.userinfo, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await userinfo.json()).toMatchObject({ sub: login, email: login, email_verified: true });
  });

  it('requires PKCE and refuses a replayed code or a wrong verifier', async () => {
    const login = await newAccount();
    const withoutPkce = new URL(await oauth.consent(authorizationUrl(undefined), login));
    expect(withoutPkce.searchParams.get('error')).toBe('invalid_request');

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const codeFor = async () =>
      new URL(await oauth.consent(authorizationUrl(challenge), login)).searchParams.get('code') ?? '';
    const exchange = { grant_type: 'authorization_code', redirect_uri: REDIRECT_URI };
    const wrong = await tokenRequest({ ...exchange, code: await codeFor(), code_verifier: `${verifier}x` });
    expect(wrong.body.error).toBe('invalid_grant');
    const code = await codeFor();
    expect((await tokenRequest({ ...exchange, code, code_verifier: verifier })).status).toBe(200);
    expect((await tokenRequest({ ...exchange, code, code_verifier: verifier })).body.error).toBe('invalid_grant');
  });

  it('takes Microsoft’s prompt=select_account as a sign-in', async () => {
    const login = await newAccount();
    const url = authorizationUrl('x'.repeat(43), { prompt: 'select_account', scope: `${SCOPE} offline_access` });
    expect(new URL(await oauth.consent(url, login)).searchParams.get('code')).toMatch(/./);
  });

  it('redirects with access_denied when the user cancels at the consent page', async () => {
    const redirect = new URL(await oauth.consent(authorizationUrl('x'.repeat(43)), await newAccount(), { deny: true }));
    expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe('the-state');
  });

  it('rotates refresh tokens: the used one then fails with invalid_grant, and the stats count both', async () => {
    const tokens = await authorize(await newAccount());
    const before = oauth.stats();
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toMatch(OPAQUE_TOKEN);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    const reused = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(reused.body.error).toBe('invalid_grant');
    expect(oauth.stats()).toEqual({
      refreshGrants: before.refreshGrants + 1,
      failedRefreshGrants: before.failedRefreshGrants + 1,
      codeGrants: before.codeGrants,
    });
  });
});

describe('Dovecot with oauth2 and submission', () => {
  it('logs in to IMAP with the access token (OAUTHBEARER via imapflow, XOAUTH2 on the wire)', async () => {
    const login = await newAccount();
    const { access_token } = await authorize(login);
    const client = await imapLogin(login, access_token);
    expect((await client.list()).map((folder) => folder.path)).toContain('INBOX');
    await client.logout();

    const { wire } = await ImapWire.connect(dovecot.host, dovecot.imapPort);
    const xoauth2 = Buffer.from(`user=${login}\x01auth=Bearer ${access_token}\x01\x01`).toString('base64');
    expect((await wire.command([`AUTHENTICATE XOAUTH2 ${xoauth2}`])).status).toBe('OK');
    expect((await wire.command(['SELECT INBOX'])).status).toBe('OK');
    wire.close();
  });

  it('relays mail sent through submission with XOAUTH2 to the capture', async () => {
    const login = await newAccount();
    const { access_token } = await authorize(login);
    const subject = `Via submission ${randomUUID()}`;
    await submission(login, access_token).sendMail({ from: login, to: 'bob@example.test', subject, text: 'Hi' });
    const captured = await capture.waitForMessage((message) => message.raw.toString().includes(subject));
    expect(captured.envelope).toEqual({ from: login, to: ['bob@example.test'] });
  });

  it('refuses a wrong token, a refresh token and another account’s token on IMAP and submission', async () => {
    const login = await newAccount();
    const tokens = await authorize(login);
    const other = await newAccount();
    const refusals = [
      [login, 'not-a-token'],
      [login, tokens.refresh_token],
      [other, tokens.access_token],
    ].flatMap(([user = '', token = '']) => [
      expect(imapLogin(user, token)).rejects.toMatchObject({ authenticationFailed: true }),
      expect(submission(user, token).sendMail({ from: user, to: 'x@example.test', text: 'x' })).rejects.toMatchObject({
        code: 'EAUTH',
      }),
    ]);
    // In parallel: Dovecot answers each failed login only on its next half-second tick.
    await Promise.all(refusals);
  });

  it('after revokeGrants the refresh token fails with invalid_grant and Dovecot refuses the access token', async () => {
    const login = await newAccount();
    const tokens = await authorize(login);
    await (await imapLogin(login, tokens.access_token)).logout();
    await oauth.revokeGrants(login);
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.body.error).toBe('invalid_grant');
    await expect(imapLogin(login, tokens.access_token)).rejects.toMatchObject({ authenticationFailed: true });
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
  });

  it('revokeAccessToken makes introspection say inactive, while the refresh token still works', async () => {
    const login = await newAccount();
    const tokens = await authorize(login);
    expect(await introspect(tokens.access_token)).toMatchObject({ active: true, sub: login });
    await oauth.revokeAccessToken(tokens.access_token);
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    await expect(imapLogin(login, tokens.access_token)).rejects.toMatchObject({ authenticationFailed: true });
    expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(200);
  });

  it('still accepts password logins on IMAP and submission', async () => {
    const login = await newAccount();
    const client = new ImapFlow({
      host: dovecot.host,
      port: dovecot.imapPort,
      secure: false,
      auth: { user: login, pass: 'password-too' },
      logger: false,
    });
    await client.connect();
    await client.logout();
    const subject = `Password submission ${randomUUID()}`;
    const transport = nodemailer.createTransport({
      host: dovecot.host,
      port: dovecot.submissionPort,
      secure: false,
      ignoreTLS: true,
      auth: { user: login, pass: 'password-too' },
    });
    await transport.sendMail({ from: login, to: 'carol@example.test', subject, text: 'Hi' });
    await capture.waitForMessage((message) => message.raw.toString().includes(subject));
  });
});
