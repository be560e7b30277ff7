import { expect, test } from '@playwright/test';
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

// "Google" is oidc-provider on loopback and its mail server a Dovecot that checks the tokens by introspection;
// scripts/test.ts starts both and points the app's GOOGLE_* settings at them (scripts/test-servers/oauth-bed.ts).
const CLIENT = 'Carla Client <carla@client.example.test>';

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
  await expect(card.getByTestId('mailbox-state')).toContainText('Up to date', { timeout: 60_000 });
  pages.push(await page.content());

  await page.goto('/mail');
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
