import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDovecot } from './dovecot';
import { dovecotIntrospectionUrl, startOAuthServer } from './oauth-server';
import { startSmtpCapture } from './smtp-capture';

/**
 * The OAuth2 test bed for the Playwright run (scripts/test.ts): oidc-provider plays Google, a Dovecot accepts its
 * tokens for IMAP and submission, and submission relays into a capture that writes each message to a folder.
 * `env` configures the app server ("Connect with Google" points here) and tells e2e/oauth-mailbox.spec.ts
 * where everything is.
 */
export async function startE2eOAuthBed(options: { resultsDir: string; appPort: string }) {
  const mailDir = path.join(options.resultsDir, 'oauth-mail');
  mkdirSync(mailDir, { recursive: true });
  const tokensFile = path.join(options.resultsDir, 'oauth-tokens.txt');
  writeFileSync(tokensFile, '');
  const capture = await startSmtpCapture({ spoolDir: mailDir });
  const oauth = await startOAuthServer({
    redirectUris: [`http://127.0.0.1:${options.appPort}/api/mail/oauth/callback`],
    issuedTokensFile: tokensFile,
  });
  const dovecot = await startDovecot({
    oauth2: { introspectionUrl: dovecotIntrospectionUrl(oauth) },
    submission: { relayPort: capture.port },
  });
  const env: Record<string, string> = {
    GOOGLE_CLIENT_ID: oauth.client.id,
    GOOGLE_CLIENT_SECRET: oauth.client.secret,
    GOOGLE_AUTHORIZATION_URL: oauth.endpoints.authorization,
    GOOGLE_TOKEN_URL: oauth.endpoints.token,
    GOOGLE_USERINFO_URL: oauth.endpoints.userinfo,
    GOOGLE_ISSUER: oauth.issuer,
    GOOGLE_REVOCATION_URL: oauth.endpoints.revocation,
    GOOGLE_IMAP_SERVER: `127.0.0.1:${dovecot.imapPort}:none`,
    GOOGLE_SMTP_SERVER: `127.0.0.1:${dovecot.submissionPort}:none`,
    E2E_OAUTH_ISSUER: oauth.issuer,
    E2E_OAUTH_DOVECOT_ROOT: dovecot.rootDir,
    E2E_OAUTH_LMTP_PORT: String(dovecot.lmtpPort),
    E2E_OAUTH_MAIL_DIR: mailDir,
    E2E_OAUTH_TOKENS_FILE: tokensFile,
  };
  return {
    env,
    stop: () => Promise.all([dovecot.stop(), capture.stop(), oauth.stop()]).then(() => undefined),
  };
}
