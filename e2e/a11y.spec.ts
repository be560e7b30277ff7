import { type Browser, type BrowserContextOptions, expect, type Page, test } from '@playwright/test';
import { getDb } from '@/db/client';
import { issueAccountToken, accountTokenPath } from '@/lib/auth/account-tokens';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { expectAccessible } from './helpers/axe';
import { createOrgWithUsers } from './helpers/db';
import { appPages, messageList, rowMenuTrigger, visit, workDialogs } from './helpers/page-walk';
import { signIn } from './helpers/sign-in';
import { seedWorkspace, userMustChangePassword, userPendingTwoFactor, type Workspace } from './helpers/workspace';

// axe over every page and every dialog of the app (WCAG 2.1 A/AA and best practices): a serious or critical
// finding anywhere fails the run. Each check is soft, so one run lists every page's findings at once.
// Everything is audited twice, on a light and on a dark system: the users here keep the default theme
// ('system'), so the emulated prefers-color-scheme picks the theme, and colour contrast is checked in both.

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let ws: Workspace;
// The admin's signed-in browser state: one password check for the whole file (they are slow on purpose).
let signedIn: BrowserContextOptions['storageState'];

// Not serial: a page with findings must not keep the pages after it from being checked.
test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  ws = await seedWorkspace({ dovecot, smtp });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ws.admin.email, ws.admin.password);
  await page.waitForURL(/\/mail/);
  signedIn = await context.storageState();
  await context.close();
});

async function adminPage(browser: Browser, colorScheme: Scheme): Promise<Page> {
  return (await browser.newContext({ storageState: signedIn, colorScheme })).newPage();
}

const schemes = ['light', 'dark'] as const;
type Scheme = (typeof schemes)[number];

/** The audit, after checking the page really is in the scheme's theme (else a dark run would audit light). */
async function audit(page: Page, scheme: Scheme, name: string, disabledRules: string[] = []) {
  const used = await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
  expect.soft(used, `theme of ${name}`).toBe(scheme);
  await expectAccessible(page, `${name} (${scheme})`, disabledRules);
}

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

for (const scheme of schemes) {
  test.describe(`${scheme} system`, () => {
    test.use({ colorScheme: scheme });

    test('signed-out pages: sign-in, forgot password, the set-password link, two-factor set-up', async ({ page }) => {
      test.slow();
      await page.goto('/sign-in');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await audit(page, scheme, 'sign-in');

      await page.goto('/forgot-password');
      await audit(page, scheme, 'forgot password');
      await page.getByLabel('Email').fill(randomEmail('nobody'));
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await expect(page.getByText(/we sent a link/)).toBeVisible();
      await audit(page, scheme, 'forgot password, sent');

      const { employee } = await createOrgWithUsers();
      const { token } = await issueAccountToken(getDb(), {
        userId: employee.id,
        orgId: employee.orgId,
        purpose: 'invite',
      });
      await page.goto(accountTokenPath(token));
      await expect(page.getByRole('button', { name: 'Set password' })).toBeVisible();
      await audit(page, scheme, 'set password');
      await page.goto(accountTokenPath('x'.repeat(43)));
      await audit(page, scheme, 'set password, link used up');

      const pending = await userPendingTwoFactor();
      await signIn(page, pending.email, pending.password);
      await expect(page).toHaveURL(/\/two-factor-setup$/);
      await audit(page, scheme, 'two-factor set-up');
      await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
      await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
      await audit(page, scheme, 'two-factor set-up, QR code');

      // The forced password change after an admin set a temporary password.
      const forced = await userMustChangePassword();
      await page.context().clearCookies();
      await signIn(page, forced.email, forced.password);
      await expect(page).toHaveURL(/\/change-password$/);
      await audit(page, scheme, 'forced password change');
    });

    for (const { name, path } of appPages) {
      test(`page: ${name}`, async ({ browser }) => {
        const target = path(ws);
        expect(target, 'the workspace seeds one of each kind').not.toBeNull();
        const page = await adminPage(browser, scheme);
        await visit(page, target!);
        await audit(page, scheme, name);
      });
    }

    test('settings: security, two-factor set-up started', async ({ browser }) => {
      const page = await adminPage(browser, scheme);
      await visit(page, '/settings/security');
      await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
      await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
      await audit(page, scheme, 'settings: security, two-factor set-up');
    });

    test('the webmail: a message, compose, the row menu, each make-work dialog, the shortcut sheet', async ({
      browser,
    }) => {
      test.setTimeout(240_000);
      const page = await adminPage(browser, scheme);
      await visit(page, `/mail?folder=${ws.inboxId}`);
      const list = await messageList(page);
      const row = list.getByRole('row').filter({ hasText: 'Walk sample 01' });
      const trigger = await rowMenuTrigger(page, row);

      // The row menu and each dialog it opens; Esc closes each before the next.
      await trigger.click();
      await expect(page.getByRole('menu')).toBeVisible();
      // A modal menu (Radix) hides the page with aria-hidden while trapping focus and blocking outside pointer
      // events, so the hidden controls cannot be reached; axe cannot see the trap and reports aria-hidden-focus.
      // A non-modal menu would pass, but lets an outside click through to the list and not return focus.
      await audit(page, scheme, 'mail: row menu', ['aria-hidden-focus']);
      await page.keyboard.press('Escape');
      for (const { item, dialog } of workDialogs) {
        await trigger.click();
        await page.getByRole('menu').getByRole('menuitem', { name: item }).click();
        await expect(page.getByRole('dialog', { name: dialog })).toBeVisible();
        await audit(page, scheme, `mail: ${dialog}`);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog', { name: dialog })).toHaveCount(0);
      }

      await trigger.focus();
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await audit(page, scheme, 'mail: keyboard shortcuts');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: 'Compose', exact: true }).first().click();
      const compose = page.getByRole('dialog', { name: 'New message' });
      await expect(compose.getByLabel('To', { exact: true })).toBeVisible({ timeout: 30_000 });
      await audit(page, scheme, 'mail: compose');
      // Closing asks first only when something was typed (a draft may have been saved by now): accept if asked.
      page.on('dialog', (d) => void d.accept());
      await compose.getByRole('button', { name: 'Close' }).click();
      await expect(compose).toHaveCount(0);

      // A message with an attachment, open in the reading pane.
      await row.click({ position: { x: 60, y: 12 } });
      await expect(page.getByRole('region', { name: 'Message', exact: true }).getByRole('heading')).toBeVisible();
      await audit(page, scheme, 'mail: a message');

      // A plain-text message: its body is drawn by the app (no frame), on the theme's own surface.
      await list
        .getByRole('row')
        .filter({ hasText: 'Walk sample 02' })
        .click({ position: { x: 60, y: 12 } });
      await expect(
        page.getByRole('region', { name: 'Message', exact: true }).getByRole('heading', { name: 'Walk sample 02' }),
      ).toBeVisible();
      await audit(page, scheme, 'mail: a plain-text message');
    });
  });
}
