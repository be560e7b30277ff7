import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, getDb } from '@/db/client';
import { auditLog, mailboxes, messageLinks, messages } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { dovecotIntrospectionUrl, startOAuthServer, type OAuthTestServer } from '@/scripts/test-servers/oauth-server';
import { deliverByLmtp, generateMessage } from '@/scripts/test-servers/seed-mail';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { createTestOrg, createTestUser, linkTestMessage } from '@/test/factories';
import type { Actor } from '../../access/actor';
import { connectMailbox } from '../mailboxes/connect-mailbox';
import { decryptCredentials, encryptCredentials, isOAuthCredentials } from '../mailboxes/mailbox-view';
import { removeMailbox } from '../mailboxes/remove-mailbox';
import { updateMailboxPassword } from '../mailboxes/update-mailbox-password';
import { inProcessParser } from '../parse/parse-input';
import { sendMessage } from '../send/send-message';
import { syncMailbox } from '../sync/sync-mailbox';
import type { OAuthCredentials } from '../settings';
import { finishOAuthFlow } from './finish-oauth-flow';
import { mailboxSecret } from './mailbox-access-token';
import { startOAuthFlow } from './start-oauth-flow';

// Real parts only: oidc-provider playing Google, Dovecot checking tokens at its introspection endpoint (IMAP
// and submission), the SMTP capture behind submission, PostgreSQL.
const REDIRECT_URI = 'http://127.0.0.1:3999/api/mail/oauth/callback';
let oauth: OAuthTestServer;
let dovecot: DovecotServer;
let capture: SmtpCapture;
const savedEnv = { ...process.env };
// Everything this file's code writes to the console, checked at the end for tokens.
const written: string[] = [];
const originalWrites = {
  out: process.stdout.write.bind(process.stdout),
  err: process.stderr.write.bind(process.stderr),
};
const issuedTokens = new Set<string>();

beforeAll(async () => {
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    written.push(String(chunk));
    return originalWrites.out(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    written.push(String(chunk));
    return originalWrites.err(chunk, ...rest);
  }) as typeof process.stderr.write;
  [oauth, capture] = await Promise.all([startOAuthServer({ redirectUris: [REDIRECT_URI] }), startSmtpCapture()]);
  dovecot = await startDovecot({
    oauth2: { introspectionUrl: dovecotIntrospectionUrl(oauth) },
    submission: { relayPort: capture.port },
  });
  Object.assign(process.env, {
    GOOGLE_CLIENT_ID: oauth.client.id,
    GOOGLE_CLIENT_SECRET: oauth.client.secret,
    GOOGLE_AUTHORIZATION_URL: oauth.endpoints.authorization,
    GOOGLE_TOKEN_URL: oauth.endpoints.token,
    GOOGLE_USERINFO_URL: oauth.endpoints.userinfo,
    GOOGLE_ISSUER: oauth.issuer,
    GOOGLE_REVOCATION_URL: oauth.endpoints.revocation,
    GOOGLE_IMAP_SERVER: `127.0.0.1:${dovecot.imapPort}:none`,
    GOOGLE_SMTP_SERVER: `127.0.0.1:${dovecot.submissionPort}:none`,
    // The same server plays Microsoft: its scopes, its parameters, no userinfo endpoint (the ID token says).
    MICROSOFT_CLIENT_ID: oauth.client.id,
    MICROSOFT_CLIENT_SECRET: oauth.client.secret,
    MICROSOFT_AUTHORIZATION_URL: oauth.endpoints.authorization,
    MICROSOFT_TOKEN_URL: oauth.endpoints.token,
    MICROSOFT_ISSUER: oauth.issuer,
    MICROSOFT_IMAP_SERVER: `127.0.0.1:${dovecot.imapPort}:none`,
    MICROSOFT_SMTP_SERVER: `127.0.0.1:${dovecot.submissionPort}:none`,
  });
});

afterAll(async () => {
  process.stdout.write = originalWrites.out;
  process.stderr.write = originalWrites.err;
  process.env = savedEnv;
  await Promise.all([dovecot?.stop(), capture?.stop(), oauth?.stop()]);
});

async function person() {
  const db = getDb();
  const org = await createTestOrg(db);
  const user = await createTestUser(db, { orgId: org.id });
  const actor: Actor = { kind: 'user', userId: user.id, orgId: org.id, role: 'employee' };
  const email = `oauth-${randomUUID()}@example.test`;
  await dovecot.addUser(email, `unused-${randomUUID()}`);
  return { org, user, actor, email, sessionId: randomUUID() };
}

type Person = Awaited<ReturnType<typeof person>>;

/** The browser's part: the start route's redirect, the consent at the provider, its redirect back. */
async function consentedCallback(
  who: Person,
  options: { login?: string; mailboxId?: string; deny?: boolean; provider?: 'google' | 'microsoft' } = {},
) {
  const url = await startOAuthFlow(getDb(), {
    provider: options.provider ?? 'google',
    actor: who.actor,
    sessionId: who.sessionId,
    redirectUri: REDIRECT_URI,
    mailboxId: options.mailboxId,
  });
  const back = new URL(await oauth.consent(url, options.login ?? who.email, { deny: options.deny }));
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
  const param = (name: string) => back.searchParams.get(name) ?? undefined;
  return { state: param('state'), code: param('code'), error: param('error') };
}

async function connect(
  who: Person,
  options: { login?: string; mailboxId?: string; provider?: 'google' | 'microsoft' } = {},
) {
  const params = await consentedCallback(who, options);
  return finishOAuthFlow(getDb(), { actor: who.actor, sessionId: who.sessionId, params });
}

async function storedGrant(mailboxId: string): Promise<OAuthCredentials> {
  const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  const credentials = decryptCredentials(row!);
  if (!isOAuthCredentials(credentials)) throw new Error('not an OAuth2 mailbox');
  issuedTokens.add(credentials.accessToken).add(credentials.refreshToken);
  return credentials;
}

async function expireAccessToken(mailboxId: string): Promise<void> {
  const grant = await storedGrant(mailboxId);
  await getDb()
    .update(mailboxes)
    .set({
      credentialsCiphertext: encryptCredentials(mailboxId, { ...grant, accessTokenExpiresAt: Date.now() - 1000 }),
    })
    .where(eq(mailboxes.id, mailboxId));
}

async function deliver(email: string, subject: string) {
  await deliverByLmtp({
    host: '127.0.0.1',
    port: dovecot.lmtpPort,
    to: email,
    raw: generateMessage({ to: email, subject }),
  });
}

describe('OAuth2 mailboxes against a real authorization server and Dovecot', () => {
  it('connects through consent with PKCE, syncs over XOAUTH2 and sends through submission', async () => {
    const who = await person();
    await deliver(who.email, 'Before connecting');
    const result = await connect(who);
    expect(result).toMatchObject({ ok: true, outcome: 'connected' });
    if (!result.ok) return;
    const { mailbox } = result;
    expect(mailbox).toMatchObject({
      email: who.email,
      oauthProvider: 'google',
      provider: 'gmail',
      requiresReauth: false,
    });
    expect(mailbox).not.toHaveProperty('credentialsCiphertext');
    const grant = await storedGrant(mailbox.id);
    expect(grant.refreshToken).toBeTruthy();
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, mailbox.id));
    expect(row!.credentialsCiphertext).not.toContain(grant.refreshToken);
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.targetId, mailbox.id));
    expect(audit.map((a) => a.action)).toEqual(['mailbox.connected']);
    expect(JSON.stringify(audit)).not.toContain(grant.accessToken);

    await syncMailbox(getDb(), { mailboxId: mailbox.id, parser: inProcessParser });
    const rows = await getDb().select().from(messages).where(eq(messages.mailboxId, mailbox.id));
    expect(rows.map((m) => m.subject)).toContain('Before connecting');

    const sent = await sendMessage(getDb(), {
      actor: who.actor,
      mailboxId: mailbox.id,
      clientKey: `oauth-send-${randomUUID()}`,
      to: [{ address: 'friend@example.test' }],
      subject: 'Sent with a token',
      html: '<p>Hello over XOAUTH2</p>',
    });
    expect(sent.status).toBe('sent');
    const arrived = await capture.waitForMessage((m) => m.raw.toString().includes('Sent with a token'));
    expect(arrived.envelope.to).toEqual(['friend@example.test']);
  });

  it('connects a Microsoft mailbox with its scopes, and a Google reconnect link cannot repair it', async () => {
    const who = await person();
    await deliver(who.email, 'For Microsoft');
    const url = new URL(
      await startOAuthFlow(getDb(), {
        provider: 'microsoft',
        actor: who.actor,
        sessionId: who.sessionId,
        redirectUri: REDIRECT_URI,
      }),
    );
    expect(url.searchParams.get('scope')).toBe(
      'openid email offline_access https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send',
    );
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const result = await connect(who, { provider: 'microsoft' });
    expect(result).toMatchObject({
      ok: true,
      mailbox: { email: who.email, oauthProvider: 'microsoft', provider: 'office365' },
    });
    if (!result.ok) return;
    const report = await syncMailbox(getDb(), { mailboxId: result.mailbox.id, parser: inProcessParser });
    expect(report.status).toBe('synced');
    await expect(
      startOAuthFlow(getDb(), {
        provider: 'google',
        actor: who.actor,
        sessionId: who.sessionId,
        redirectUri: REDIRECT_URI,
        mailboxId: result.mailbox.id,
      }),
    ).rejects.toMatchObject({ code: 'validation', problem: { key: 'mailbox.oauthOtherLogin' } });
  });

  it('refuses a wrong state, a state of another session, a replayed state and a replayed code', async () => {
    const who = await person();
    const finish = (params: { state?: string; code?: string }, sessionId = who.sessionId) =>
      finishOAuthFlow(getDb(), { actor: who.actor, sessionId, params });
    const first = await consentedCallback(who);
    expect(await finish({ ...first, state: 'not-the-state' })).toEqual({ ok: false, failure: 'state' });
    // Another session of the same user (a link passed on) consumes nothing it may use.
    const other = await consentedCallback(who);
    expect(await finish(other, randomUUID())).toEqual({ ok: false, failure: 'state' });
    expect(await finish(other)).toEqual({ ok: false, failure: 'state' });

    expect(await finish(first)).toMatchObject({ ok: true, outcome: 'connected' });
    expect(await finish(first)).toEqual({ ok: false, failure: 'state' });
    // The used code under a fresh state (and its own PKCE verifier): the provider refuses it.
    const fresh = await consentedCallback(who);
    expect(await finish({ state: fresh.state, code: first.code })).toEqual({ ok: false, failure: 'exchange' });
    expect(oauth.stats().codeGrants).toBeGreaterThan(0);
  });

  it('says so when the user cancels at the provider', async () => {
    const who = await person();
    const params = await consentedCallback(who, { deny: true });
    expect(params.error).toBe('access_denied');
    expect(await finishOAuthFlow(getDb(), { actor: who.actor, sessionId: who.sessionId, params })).toEqual({
      ok: false,
      failure: 'denied',
    });
  });

  it('refreshes an expired access token before a sync, and a refused one once', async () => {
    const who = await person();
    const result = await connect(who);
    if (!result.ok) throw new Error(result.failure);
    const id = result.mailbox.id;
    const before = await storedGrant(id);
    await expireAccessToken(id);
    const refreshes = oauth.stats().refreshGrants;
    await deliver(who.email, 'After expiry');
    await syncMailbox(getDb(), { mailboxId: id, parser: inProcessParser });
    expect(oauth.stats().refreshGrants).toBe(refreshes + 1);
    const after = await storedGrant(id);
    expect(after.accessToken).not.toBe(before.accessToken);
    // Refresh tokens rotate at this provider: the new one replaced the old.
    expect(after.refreshToken).not.toBe(before.refreshToken);

    // Revoked at the server while we still think it valid: IMAP refuses it, one refresh, the sync carries on.
    await oauth.revokeAccessToken(after.accessToken);
    await deliver(who.email, 'After revocation of the token');
    const report = await syncMailbox(getDb(), { mailboxId: id, parser: inProcessParser });
    expect(report.status).toBe('synced');
    expect(oauth.stats().refreshGrants).toBe(refreshes + 2);
    const subjects = (await getDb().select().from(messages).where(eq(messages.mailboxId, id))).map((m) => m.subject);
    expect(subjects).toEqual(expect.arrayContaining(['After expiry', 'After revocation of the token']));
  });

  it('stores exactly one rotated refresh token when syncs race', async () => {
    const who = await person();
    const result = await connect(who);
    if (!result.ok) throw new Error(result.failure);
    const id = result.mailbox.id;
    await expireAccessToken(id);
    const stats = oauth.stats();
    const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, id));
    // Eight at once, as the syncs, sends and IDLE watchers of eight worker processes would: a pool (process) of
    // its own each, connected beforehand, so that none waits for a connection while another refreshes.
    const workers = Array.from({ length: 8 }, () => createDb(process.env.DATABASE_URL!, { max: 1 }));
    await Promise.all(workers.map((worker) => worker.pool.query('select 1')));
    const secrets = await Promise.all(workers.map((worker) => mailboxSecret(worker.db, row!, 'imap'))).finally(() =>
      Promise.all(workers.map((worker) => worker.pool.end())),
    );
    expect(new Set(secrets.map((s) => ('accessToken' in s ? s.accessToken : ''))).size).toBe(1);
    expect(oauth.stats().refreshGrants).toBe(stats.refreshGrants + 1);
    expect(oauth.stats().failedRefreshGrants).toBe(stats.failedRefreshGrants);
    // The stored refresh token is the live one: the grant survives the next refresh.
    await expireAccessToken(id);
    const report = await syncMailbox(getDb(), { mailboxId: id, parser: inProcessParser });
    expect(report.status).toBe('synced');
  });

  it('asks to reconnect when the grant is revoked, and reconnecting keeps the mailbox, its mail and links', async () => {
    const who = await person();
    await deliver(who.email, 'Linked to a task');
    const result = await connect(who);
    if (!result.ok) throw new Error(result.failure);
    const id = result.mailbox.id;
    await syncMailbox(getDb(), { mailboxId: id, parser: inProcessParser });
    const [message] = await getDb().select().from(messages).where(eq(messages.mailboxId, id));
    await linkTestMessage(getDb(), { orgId: who.org.id, messageId: message!.id, kind: 'task' });

    await oauth.revokeGrants(who.email);
    await expireAccessToken(id);
    await expect(syncMailbox(getDb(), { mailboxId: id, parser: inProcessParser })).rejects.toMatchObject({
      code: 'mail_auth_failed',
      problem: { key: 'mailbox.oauthGrantRevoked', values: { provider: 'Google' } },
    });
    const [marked] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, id));
    expect(marked).toMatchObject({ requiresReauth: true, lastErrorCode: 'mail_auth_failed' });
    // No password to type instead.
    await expect(
      updateMailboxPassword(getDb(), { mailboxId: id, password: 'anything', actor: who.actor }),
    ).rejects.toMatchObject({ code: 'validation', problem: { key: 'mailbox.oauthNoPassword' } });

    // Reconnecting as another account is refused; as the mailbox's own, it is repaired in place.
    const stranger = `oauth-${randomUUID()}@example.test`;
    await dovecot.addUser(stranger, 'x');
    expect(await connect(who, { mailboxId: id, login: stranger })).toEqual({ ok: false, failure: 'mismatch' });
    const again = await connect(who, { mailboxId: id });
    expect(again).toMatchObject({ ok: true, outcome: 'reconnected', mailbox: { id, requiresReauth: false } });
    await syncMailbox(getDb(), { mailboxId: id, parser: inProcessParser });
    const kept = await getDb().select().from(messages).where(eq(messages.mailboxId, id));
    expect(kept.map((m) => m.id)).toContain(message!.id);
    const links = await getDb()
      .select()
      .from(messageLinks)
      .where(and(eq(messageLinks.messageId, message!.id), eq(messageLinks.kind, 'task')));
    expect(links).toHaveLength(1);
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.targetId, id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['mailbox.connected', 'mailbox.reconnected']));
  });

  it('switches a password Gmail mailbox to sign-in with Google in place, keeping its mail', async () => {
    const who = await person();
    await dovecot.addUser(who.email, 'app-password');
    await deliver(who.email, 'Imported with a password');
    const withPassword = await connectMailbox(getDb(), {
      ownerUserId: who.user.id,
      email: who.email,
      provider: 'gmail',
      imap: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none' },
      smtp: { host: '127.0.0.1', port: dovecot.submissionPort!, security: 'none' },
      password: 'app-password',
      actor: who.actor,
    });
    await syncMailbox(getDb(), { mailboxId: withPassword.id, parser: inProcessParser });
    const before = await getDb().select().from(messages).where(eq(messages.mailboxId, withPassword.id));
    expect(before).toHaveLength(1);

    const switched = await connect(who, { mailboxId: withPassword.id });
    expect(switched).toMatchObject({
      ok: true,
      outcome: 'reconnected',
      mailbox: { id: withPassword.id, oauthProvider: 'google', imapLogin: who.email },
    });
    expect((await storedGrant(withPassword.id)).refreshToken).toBeTruthy();
    const report = await syncMailbox(getDb(), { mailboxId: withPassword.id, parser: inProcessParser });
    expect(report.status).toBe('synced');
    const after = await getDb().select().from(messages).where(eq(messages.mailboxId, withPassword.id));
    expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.targetId, withPassword.id));
    expect(audit.find((a) => a.action === 'mailbox.reconnected')?.data).toMatchObject({ switchedFrom: 'password' });
  });

  it('refuses a second mailbox for the same address, and revokes the grant of a removed one', async () => {
    const who = await person();
    const result = await connect(who);
    if (!result.ok) throw new Error(result.failure);
    expect(await connect(who)).toEqual({ ok: false, failure: 'exists' });
    const { refreshToken } = await storedGrant(result.mailbox.id);
    await removeMailbox(getDb(), { mailboxId: result.mailbox.id, actor: who.actor });
    const refused = await fetch(oauth.endpoints.token, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: oauth.client.id,
        client_secret: oauth.client.secret,
      }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('never writes a token to the console', () => {
    expect(issuedTokens.size).toBeGreaterThan(4);
    const output = written.join('');
    for (const token of issuedTokens) expect(output).not.toContain(token);
  });
});
