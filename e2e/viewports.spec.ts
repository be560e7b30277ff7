import { expect, type Locator, type Page, test } from '@playwright/test';
import { getDb } from '@/db/client';
import { accountTokenPath, issueAccountToken } from '@/lib/auth/account-tokens';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { createOrgWithUsers } from './helpers/db';
import { messageList, rowMenuTrigger } from './helpers/page-walk';
import { seedWorkspace, userMustChangePassword, userPendingTwoFactor, type Workspace } from './helpers/workspace';
import { openMail } from './helpers/open-mail';

// The core flows at the screen sizes people use, every control reached and pressed with the mouse: click()
// checks that the control itself would receive the click, so one covered by another element (a list row over
// a dialog, a fixed bar over a form) fails here. e2e/layering.spec.ts checks compose, the menus and their
// focus at these sizes in more depth; this spec walks the whole path a user takes.

// A covered control makes click() retry until it times out: fail soon, with the covering element named.
const CLICK = { timeout: 10_000 };

const viewports = [
  { name: '1366×768', use: { viewport: { width: 1366, height: 768 } } },
  { name: '1440×900', use: { viewport: { width: 1440, height: 900 } } },
  { name: '1920×1080', use: { viewport: { width: 1920, height: 1080 } } },
  { name: 'phone 390×844', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
];
// The account pages added with sign-in security, at a laptop's size and a phone's.
const accountViewports = [viewports[0]!, viewports[3]!];

let dovecot: DovecotServer;
let smtp: SmtpCapture;

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

async function signInWithMouse(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').click(CLICK);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').click(CLICK);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click(CLICK);
}

/** A control is usable when it can be scrolled into the viewport and nothing else would take its click. */
async function expectClickable(control: Locator) {
  await control.scrollIntoViewIfNeeded(CLICK);
  await expect(control).toBeInViewport({ ratio: 1 });
  await control.click({ ...CLICK, trial: true });
}

const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

for (const { name, use } of viewports) {
  test.describe(name, () => {
    test.use(use);
    // A workspace per viewport: the messages used are near the top of the (virtualized) list at every size,
    // and another viewport's links and read marks cannot matter. Enough messages to fill 1920×1080.
    let ws: Workspace;
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      ws = await seedWorkspace({ dovecot, smtp, messageCount: 30 });
    });
    const sample = (n: number) => `Walk sample ${String(n + 6).padStart(2, '0')}`;

    test('with the mouse: sign in, open a message, reply and Send, each make-work action, the shortcut sheet', async ({
      page,
    }) => {
      test.slow();
      await signInWithMouse(page, ws.admin.email, ws.admin.password);
      await page.waitForURL(/\/mail/);
      await openMail(page, `/mail?folder=${ws.inboxId}`);
      let list = await messageList(page);

      // Open a message by clicking its row (left part: the ⋯ button sits on the right), reply, and send.
      await list
        .getByRole('row')
        .filter({ hasText: sample(0) })
        .click({ ...CLICK, position: { x: 40, y: 12 } });
      const reading = page.getByRole('region', { name: 'Message', exact: true });
      await expect(reading.getByRole('heading', { name: sample(0) })).toBeVisible();
      await reading.getByRole('button', { name: 'Reply', exact: true }).click(CLICK);
      const compose = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Send' }) });
      // The editor loads on demand: wait for it, then click it (the wait is not part of the click's check).
      await expect(compose.getByRole('textbox', { name: 'Message' })).toBeVisible({ timeout: 30_000 });
      await compose.getByRole('textbox', { name: 'Message' }).click(CLICK);
      await compose.getByRole('textbox', { name: 'Message' }).fill(`Answered with the mouse at ${name}.`);
      await compose.getByRole('button', { name: 'Send' }).click(CLICK);
      await smtp.waitForMessage((m) => m.raw.toString().includes(`Re: ${sample(0)}`), 30_000);
      await expect(toast(page, 'Message sent.')).toBeVisible();
      await expect(compose).toHaveCount(0);

      // Each make-work action from a row's ⋯ menu, on a message of its own, through its primary button.
      await openMail(page, `/mail?folder=${ws.inboxId}`);
      list = await messageList(page);
      // First the search box, clicked: a malformed operator's hint shows on screen and the list stays.
      const searchBox = page.getByRole('searchbox', { name: 'Search mail' });
      await searchBox.click(CLICK);
      await searchBox.fill('before:yesterday');
      await searchBox.press('Enter');
      await expect(page.getByRole('alert').filter({ hasText: 'YYYY-MM-DD' })).toBeInViewport();
      await expect(list.getByRole('row').filter({ hasText: sample(1) })).toBeVisible();
      const menuOf = async (n: number, item: string) => {
        const trigger = await rowMenuTrigger(page, list.getByRole('row').filter({ hasText: sample(n) }));
        await trigger.click(CLICK);
        await page.getByRole('menu').getByRole('menuitem', { name: item }).click(CLICK);
      };

      await menuOf(1, 'Create task');
      const task = page.getByRole('dialog', { name: 'Create a task' });
      await task.getByLabel('Title').click(CLICK);
      await task.getByLabel('Title').fill(`Task made at ${name}`);
      await task.getByRole('button', { name: 'Create task' }).click(CLICK);
      await expect(toast(page, 'Task created.')).toBeVisible();
      await expect(task).toHaveCount(0);

      await menuOf(2, 'Link to task');
      const link = page.getByRole('dialog', { name: 'Link to an existing task' });
      await link.getByRole('radio', { name: 'Review the contract' }).click(CLICK);
      await link.getByRole('button', { name: 'Link', exact: true }).click(CLICK);
      await expect(toast(page, 'Linked to the task.')).toBeVisible();
      await expect(link).toHaveCount(0);

      await menuOf(3, 'Create event');
      const event = page.getByRole('dialog', { name: 'Create an event' });
      await event.getByRole('button', { name: 'Create event' }).click(CLICK);
      await expect(toast(page, 'Event created.')).toBeVisible();
      await expect(event).toHaveCount(0);

      await menuOf(4, 'Discuss in chat');
      const chat = page.getByRole('dialog', { name: 'Discuss in chat' });
      await chat.getByRole('checkbox', { name: /Eve Employee/ }).click(CLICK);
      await chat.getByRole('button', { name: 'Start chat' }).click(CLICK);
      await expect(toast(page, 'Chat started.')).toBeVisible();
      await expect(chat).toHaveCount(0);

      await menuOf(5, 'Post to feed');
      const feed = page.getByRole('dialog', { name: 'Post to the feed' });
      await feed.getByLabel('Post').click(CLICK);
      await feed.getByLabel('Post').fill(`Posted at ${name}`);
      await feed.getByRole('button', { name: 'Publish' }).click(CLICK);
      await expect(toast(page, 'Posted to the feed.')).toBeVisible();
      await expect(feed).toHaveCount(0);

      await menuOf(6, 'Save to CRM');
      await expect(toast(page, 'Saved to the CRM.')).toBeVisible();

      // The shortcut sheet opens from the keyboard (that is what it is about) and closes with a click.
      await page.keyboard.press('?');
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(help).toBeVisible();
      await help.getByRole('button', { name: 'Close' }).click(CLICK);
      await expect(help).toHaveCount(0);
    });

    // What the inbox's first load leaves out and fetches on use (the selection's toolbar, the menus, the dialogs
    // they open), and the list's own windowing, reached with the mouse at a laptop's size and a phone's.
    if (name === '1366×768' || name.startsWith('phone'))
      test('with the mouse: the selection toolbar, the work menus and a list scrolled to its end', async ({ page }) => {
        test.slow();
        await signInWithMouse(page, ws.admin.email, ws.admin.password);
        await page.waitForURL(/\/mail/);
        await openMail(page, `/mail?folder=${ws.inboxId}`);
        const list = await messageList(page);
        const row = (n: number) => list.getByRole('row').filter({ hasText: sample(n) });
        // An item of the open work menu, its dialog, and the dialog's Cancel.
        const openAndCancel = async (item: string, title: string) => {
          await page.getByRole('menu').getByRole('menuitem', { name: item }).click(CLICK);
          const dialog = page.getByRole('dialog', { name: title });
          await expect(dialog).toBeVisible();
          await dialog.getByRole('button', { name: 'Cancel' }).click(CLICK);
          await expect(dialog).toHaveCount(0);
        };

        // A selection brings its toolbar (loaded then): the count, a bulk action, the work menu and its dialog.
        await page.getByRole('checkbox', { name: `Select “${sample(7)}”` }).click(CLICK);
        const toolbar = page.getByRole('toolbar', { name: 'Actions on selected messages' });
        await expect(toolbar.getByText('1 selected')).toBeVisible();
        await toolbar.getByRole('button', { name: 'Flag', exact: true }).click(CLICK);
        await expect(row(7).getByRole('img', { name: 'Flagged' })).toBeVisible();
        await toolbar.getByRole('button', { name: 'Make work' }).click(CLICK);
        await openAndCancel('Create task', 'Create a task');
        await page.getByRole('checkbox', { name: `Select “${sample(7)}”` }).click(CLICK);
        await expect(toolbar.getByText('1 selected')).toHaveCount(0);

        // A row's ⋯ menu (swapped in on its click), then the open message's work menu and its dialog.
        const trigger = await rowMenuTrigger(page, row(8));
        await trigger.click(CLICK);
        await page.getByRole('menu').getByRole('menuitem', { name: 'Flag', exact: true }).click(CLICK);
        await expect(page.getByRole('menu')).toHaveCount(0);
        await expect(row(8).getByRole('img', { name: 'Flagged' })).toBeVisible();
        await row(9).click({ ...CLICK, position: { x: 40, y: 12 } });
        const reading = page.getByRole('region', { name: 'Message', exact: true });
        await expect(reading.getByRole('heading', { name: sample(9) })).toBeVisible();
        await reading.getByRole('button', { name: 'Make work' }).click(CLICK);
        await openAndCancel('Post to feed', 'Post to the feed');

        // Only the rows on screen are rendered: scrolled to the end with the wheel, the oldest is there and
        // clickable, the newest has left the page.
        await openMail(page, `/mail?folder=${ws.inboxId}`);
        const scrolled = await messageList(page);
        await scrolled.hover();
        await page.mouse.wheel(0, 30 * 200);
        const oldest = scrolled.getByRole('row').filter({ hasText: 'Walk sample 30' });
        await expect(oldest).toBeInViewport();
        await expect(scrolled.getByRole('row').filter({ hasText: 'Walk sample 01' })).toHaveCount(0);
        await oldest.click({ ...CLICK, position: { x: 40, y: 12 } });
        await expect(page.getByRole('heading', { name: 'Walk sample 30' })).toBeVisible();
      });
  });
}

for (const { name, use } of accountViewports) {
  test.describe(name, () => {
    test.use(use);

    test('account pages: each primary button can be scrolled to and clicked', async ({ page, browser }) => {
      test.slow();
      // Signed out: forgot password and the one-time link's page.
      await page.goto('/forgot-password');
      await expectClickable(page.getByRole('button', { name: 'Send reset link' }));
      const { employee } = await createOrgWithUsers();
      const { token } = await issueAccountToken(getDb(), {
        userId: employee.id,
        orgId: employee.orgId,
        purpose: 'invite',
      });
      await page.goto(accountTokenPath(token));
      await expectClickable(page.getByRole('button', { name: 'Set password' }));

      // A member whose organization requires two-factor sign-in lands on its set-up.
      const pending = await userPendingTwoFactor();
      const other = await browser.newPage({ ...use });
      await signInWithMouse(other, pending.email, pending.password);
      await expect(other).toHaveURL(/\/two-factor-setup$/);
      await expectClickable(other.getByRole('button', { name: 'Set up two-factor sign-in' }));
      await other.close();

      // A member given a temporary password lands on choosing their own.
      const forced = await userMustChangePassword();
      const chooser = await browser.newPage({ ...use });
      await signInWithMouse(chooser, forced.email, forced.password);
      await expect(chooser).toHaveURL(/\/change-password$/);
      await expectClickable(chooser.getByRole('button', { name: 'Set my password' }));
      await chooser.close();

      // Signed in as an admin, with a second session: security, sessions, and inviting a user.
      const { admin, employee: member } = await createOrgWithUsers();
      const elsewhere = await browser.newPage();
      await signInWithMouse(elsewhere, admin.email, admin.password);
      await elsewhere.waitForURL(/\/mail/);
      await elsewhere.close();
      await signInWithMouse(page, admin.email, admin.password);
      await page.waitForURL(/\/mail/);
      await page.goto('/settings/security');
      await expectClickable(page.getByRole('button', { name: 'Set up two-factor sign-in' }));
      await page.goto('/settings/sessions');
      await expectClickable(page.getByRole('button', { name: 'Sign out all other sessions' }));
      await page.goto('/settings/users');
      await expectClickable(page.getByRole('button', { name: 'Send invitation' }));
      await expectClickable(
        page
          .locator(`[data-testid="user-row"][data-email="${member.email}"]`)
          .getByRole('button', { name: 'Set temporary password' }),
      );
      await page.goto('/settings');
      await expectClickable(page.getByRole('button', { name: 'Change password' }));
    });
  });
}
