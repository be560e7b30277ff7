import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailboxes, messages } from '@/db/schema';
import { decryptCredentials, encryptCredentials, isOAuthCredentials } from '@/lib/mail/mailboxes/mailbox-view';
import { inProcessParser } from '@/lib/mail/parse/parse-input';
import { syncMailbox } from '@/lib/mail/sync/sync-mailbox';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import {
  createGoogleMailAccount,
  deliverToGoogleAccount,
  issuedTokens,
  oauthIssuer,
  recordAppResponses,
  signInAndConsentAtProvider,
  waitForSentMail,
} from './helpers/oauth';
import { signIn } from './helpers/sign-in';
import { openMail } from './helpers/open-mail';

// "Google" is oidc-provider on loopback and its mail server a Dovecot that checks the tokens by introspection;
// scripts/test.ts starts both and points the app's GOOGLE_* settings at them (scripts/test-servers/oauth-bed.ts).
const CLIENT = 'Carla Client <carla@client.example.test>';

/** The first import of the mailbox with this address, run in the spec's process (the app's sync may also run). */
async function importNow(address: string): Promise<void> {
  const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.email, address));
  await syncMailbox(getDb(), { mailboxId: row!.id, parser: inProcessParser });
}

test.beforeEach(async ({ page }) => {
  // The provider's pages import a web font from Google, which this network refuses; don't wait for it.
  await page.route(/^https:\/\/fonts\.(googleapis|gstatic)\.com\//, (route) => route.abort());
});

test('a mailbox is connected with Google through the real consent pages, syncs, sends, and no token shows', async ({
  page,
  baseURL,
}) => {
  // A build-time cold start of the HTML workers, an import and a send through two servers.
  test.slow();
  const { employee } = await createOrgWithUsers();
  const address = randomEmail('oauth');
  await createGoogleMailAccount(address);
  const received = `Waiting at Google ${Date.now()}`;
  await deliverToGoogleAccount(address, { subject: received, from: CLIENT });
  const responses = recordAppResponses(page, baseURL ?? '');
  const pages: string[] = [];

  await signIn(page, employee.email, employee.password);
  await expect(page).toHaveURL(/\/mail$/);
  await page.goto('/settings/mailboxes');
  await page.getByRole('link', { name: 'Connect with Google', exact: true }).click();
  await signInAndConsentAtProvider(page, address);

  await expect(page).toHaveURL(/\/settings\/mailboxes\?oauth=connected&email=/);
  const card = page.locator(`[data-testid="mailbox-card"][data-email="${address}"]`);
  await expect(card).toBeVisible();
  // Imported now from the spec's process, with the stored token, as other specs do: the app's job queue may
  // still be busy with the dead servers of earlier specs.
  await importNow(address);
  await expect(card.getByTestId('mailbox-state')).toContainText('Up to date', { timeout: 60_000 });
  pages.push(await page.content());

  await openMail(page, '/mail');
  const messages = page.getByRole('grid', { name: 'Messages' });
  await expect(messages.getByRole('row').filter({ hasText: received })).toBeVisible({ timeout: 60_000 });
  pages.push(await page.content());

  await page.getByRole('button', { name: 'Compose', exact: true }).first().click();
  const compose = page.getByRole('dialog', { name: 'New message' });
  const subject = `Sent through Google ${Date.now()}`;
  await compose.getByLabel('To', { exact: true }).fill('carla@client.example.test');
  await compose.getByLabel('Subject').fill(subject);
  await compose.getByRole('textbox', { name: 'Message' }).fill('Hello Carla, this went out with an OAuth2 token.');
  await compose.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Message sent.')).toBeVisible({ timeout: 90_000 });
  const sent = await waitForSentMail(subject);
  expect(sent.envelopeTo).toEqual(['carla@client.example.test']);
  expect(sent.mail.from?.value[0]?.address).toBe(address);
  pages.push(await page.content());

  // The app asked for tokens (a code grant at least) and none of them, nor a token field, reached the browser.
  const tokens = issuedTokens();
  expect(tokens.length).toBeGreaterThanOrEqual(2);
  const recorded = await responses.all();
  expect(recorded.length).toBeGreaterThan(0);
  for (const { url, type, body } of [
    ...recorded,
    ...pages.map((html) => ({ url: 'page', type: 'text/html', body: html })),
  ]) {
    const leaked = tokens.filter((token) => body.includes(token));
    expect(leaked, `token in ${url}`).toEqual([]);
    // Scripts may name the fields in library code; documents and data must not.
    if (!type.includes('javascript')) expect(body, url).not.toMatch(/access_token|refresh_token/);
  }
});

test('a callback with a state that is not the one handed out is refused with a clear message', async ({ page }) => {
  const { employee } = await createOrgWithUsers();
  await signIn(page, employee.email, employee.password);
  await expect(page).toHaveURL(/\/mail$/);
  // A flow is under way (its state recorded), but the provider's answer carries another state.
  await page.goto('/api/mail/oauth/google/start');
  await expect(page).toHaveURL(new RegExp(`^${oauthIssuer().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`));
  await page.goto('/api/mail/oauth/callback?code=some-code&state=not-the-state');
  await expect(page).toHaveURL(/\/settings\/mailboxes\?oauthError=state$/);
  const notice = page.getByTestId('oauth-outcome').getByRole('alert');
  await expect(notice).toContainText('The sign-in link has expired or was already used.');
  // Nothing was connected.
  await expect(page.locator('[data-testid="mailbox-card"]')).toHaveCount(0);
});

test('cancelling at the provider comes back with a clear message and connects nothing', async ({ page }) => {
  const { employee } = await createOrgWithUsers();
  await signIn(page, employee.email, employee.password);
  await expect(page).toHaveURL(/\/mail$/);
  await page.goto('/settings/mailboxes');
  await page.getByRole('link', { name: 'Connect with Google', exact: true }).click();
  await page.getByRole('link', { name: '[ Cancel ]' }).click();
  await expect(page).toHaveURL(/\/settings\/mailboxes\?oauthError=denied$/);
  const notice = page.getByTestId('oauth-outcome').getByRole('alert');
  await expect(notice).toContainText('You cancelled the sign-in at the provider. Nothing was connected.');
  await expect(page.locator('[data-testid="mailbox-card"]')).toHaveCount(0);
});

test('a mailbox whose grant the provider no longer honours is reconnected with one click, keeping its mail', async ({
  page,
}) => {
  test.slow();
  const { employee } = await createOrgWithUsers();
  const address = randomEmail('oauth-again');
  await createGoogleMailAccount(address);
  const subject = `Kept across a reconnect ${Date.now()}`;
  await deliverToGoogleAccount(address, { subject, from: CLIENT });
  await signIn(page, employee.email, employee.password);
  await expect(page).toHaveURL(/\/mail$/);
  await page.goto('/settings/mailboxes');
  await page.getByRole('link', { name: 'Connect with Google', exact: true }).click();
  await signInAndConsentAtProvider(page, address);
  const card = page.locator(`[data-testid="mailbox-card"][data-email="${address}"]`);
  await expect(card.getByTestId('mailbox-state')).toContainText('Up to date', { timeout: 60_000 });
  await importNow(address);
  const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.email, address));
  // The first import runs in the app's worker: wait for the message's row.
  const imported = () => getDb().select().from(messages).where(eq(messages.subject, subject));
  await expect.poll(async () => (await imported()).length, { timeout: 60_000 }).toBe(1);
  const [message] = await imported();
  expect(message?.mailboxId).toBe(row!.id);

  // The provider forgets the grant (as after a revocation by the user): Mailroom holds a refresh token it no
  // longer knows, and its access token has run out.
  const grant = decryptCredentials(row!);
  if (!isOAuthCredentials(grant)) throw new Error('not an OAuth2 mailbox');
  await getDb()
    .update(mailboxes)
    .set({
      credentialsCiphertext: encryptCredentials(row!.id, {
        ...grant,
        refreshToken: 'a-refresh-token-the-provider-never-issued',
        accessTokenExpiresAt: 0,
      }),
    })
    .where(eq(mailboxes.id, row!.id));
  await card.getByRole('button', { name: 'Sync now' }).click();
  // The same sync from here, so as not to wait on the app's queue; one of the two meets the refusal.
  await syncMailbox(getDb(), { mailboxId: row!.id, parser: inProcessParser }).catch(() => undefined);
  // The card says so once the sync has met the refusal (the small "Reconnect" link then gives way to the alert's).
  const lost = card.getByRole('alert').filter({ hasText: 'no longer lets Mailroom in' });
  await expect(async () => {
    await page.reload();
    await expect(lost).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const reconnect = card.getByRole('link', { name: 'Reconnect with Google' });
  await expect(reconnect).toHaveCount(1);

  // Signed out at the provider (its cookies only), so its login and consent pages come again.
  await page.context().clearCookies({ name: /^_/ });
  await reconnect.click();
  await signInAndConsentAtProvider(page, address);
  await expect(page).toHaveURL(/\/settings\/mailboxes\?oauth=reconnected&email=/);
  await expect(card.getByTestId('mailbox-state')).toContainText('Up to date', { timeout: 60_000 });
  await expect(card.getByRole('alert')).toHaveCount(0);
  // The same mailbox, the same message row.
  const after = await getDb().select().from(mailboxes).where(eq(mailboxes.email, address));
  expect(after.map((m) => m.id)).toEqual([row!.id]);
  const kept = await getDb().select().from(messages).where(eq(messages.id, message!.id));
  expect(kept).toHaveLength(1);
  await page.goto('/mail');
  await expect(
    page.getByRole('grid', { name: 'Messages' }).getByRole('row').filter({ hasText: subject }),
  ).toBeVisible();
});
