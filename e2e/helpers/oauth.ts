import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { type ParsedMail, simpleParser } from 'mailparser';
import { addDovecotUser } from '@/scripts/test-servers/dovecot';
import { deliverByLmtp, generateMessage } from '@/scripts/test-servers/seed-mail';

/**
 * The OAuth2 test bed scripts/test.ts runs for Playwright (scripts/test-servers/oauth-bed.ts): oidc-provider
 * playing Google, a Dovecot that takes its tokens, and a capture behind Dovecot's submission service.
 */
function bed() {
  const read = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the specs through \`npm test\``);
    return value;
  };
  return {
    issuer: read('E2E_OAUTH_ISSUER'),
    dovecotRoot: read('E2E_OAUTH_DOVECOT_ROOT'),
    lmtpPort: Number(read('E2E_OAUTH_LMTP_PORT')),
    mailDir: read('E2E_OAUTH_MAIL_DIR'),
    tokensFile: read('E2E_OAUTH_TOKENS_FILE'),
  };
}

export const oauthIssuer = () => bed().issuer;

/** A mail account at "Google": its password is never used, only tokens the provider issues for the address. */
export async function createGoogleMailAccount(address: string): Promise<void> {
  await addDovecotUser(bed().dovecotRoot, address, randomBytes(16).toString('hex'));
}

/** Mail arriving at the account, as Google's MX would deliver it. */
export async function deliverToGoogleAccount(address: string, message: { subject: string; from: string }) {
  const raw = generateMessage({ ...message, to: address });
  await deliverByLmtp({ host: '127.0.0.1', port: bed().lmtpPort, to: address, raw });
}

/** On the provider's own pages (oidc-provider's development interactions): signs in as `login` and agrees. */
export async function signInAndConsentAtProvider(page: Page, login: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(bed().issuer)}/interaction/`));
  await page.getByPlaceholder('Enter any login').fill(login);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** The mail that went out through "Google"'s submission service with this subject. */
export async function waitForSentMail(subject: string): Promise<{ envelopeTo: string[]; mail: ParsedMail }> {
  const find = async () => {
    const { mailDir } = bed();
    for (const name of readdirSync(mailDir).filter((file) => file.endsWith('.eml'))) {
      const raw = readFileSync(path.join(mailDir, name));
      const mail = await simpleParser(raw);
      if (mail.subject !== subject) continue;
      const firstLine = raw.subarray(0, raw.indexOf('\r\n')).toString();
      return { envelopeTo: firstLine.replace(/^X-Envelope-To: /, '').split(', '), mail };
    }
    return undefined;
  };
  await expect.poll(async () => (await find()) !== undefined, { timeout: 30_000 }).toBe(true);
  return (await find())!;
}

/** Every access and refresh token the provider has issued so far (to anyone). */
export function issuedTokens(): string[] {
  return readFileSync(bed().tokensFile, 'utf8').split('\n').filter(Boolean);
}

/**
 * Keeps the body of every response the app (not the provider) sends the browser, to check afterwards that none
 * carries a token. Event streams never end and are left out.
 */
export function recordAppResponses(page: Page, appOrigin: string) {
  const bodies: Array<Promise<{ url: string; type: string; body: string }>> = [];
  page.on('response', (response) => {
    const url = response.url();
    const type = response.headers()['content-type'] ?? '';
    if (!url.startsWith(appOrigin) || type.startsWith('text/event-stream')) return;
    // Redirects have no body to read.
    const body = response.text().catch(() => '');
    bodies.push(body.then((text) => ({ url, type, body: text })));
  });
  return { all: () => Promise.all(bodies) };
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
