import { expect, test, type Locator, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { getDb } from '@/db/client';
import { mailFolders } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { signIn } from './helpers/sign-in';
import { openMail } from './helpers/open-mail';

// What is drawn over the message list (compose, dialogs, menus) must be what receives the clicks, at the
// screen sizes people use. Every control under test is clicked with the mouse through locator.click(): its
// actionability check fails when another element (a list row, say) would receive the click instead.

const PASSWORD = 'layering-e2e-password';
// Enough that the list overflows its pane at 1920×1080 and fills the screen behind every overlay.
const MESSAGE_COUNT = 60;
// A covered control makes click() retry until it times out; fail soon, with the covering element named.
const CLICK = { timeout: 5_000 };

const viewports = [
  { name: '1280×800', use: { viewport: { width: 1280, height: 800 } } },
  { name: '1366×768', use: { viewport: { width: 1366, height: 768 } } },
  { name: '1440×900', use: { viewport: { width: 1440, height: 900 } } },
  { name: '1920×1080', use: { viewport: { width: 1920, height: 1080 } } },
  { name: 'phone 390×844', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
];

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let account: { email: string; inboxId: number; employee: { email: string; password: string }; colleague: string };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { employee, admin } = await createOrgWithUsers();
  const email = randomEmail('layering');
  await dovecot.addUser(email, PASSWORD);
  const messages = Array.from({ length: MESSAGE_COUNT }, (_, i) => {
    const date = new Date(Date.now() - (i + 1) * 60 * 60 * 1000);
    const subject = `Layering sample ${String(i + 1).padStart(2, '0')}`;
    const raw = generateMessage({ subject, date, from: 'Lena Layer <lena@partner.example.test>', to: email });
    return { raw, internalDate: date };
  });
  await appendMessages({ host: '127.0.0.1', port: dovecot.imapPort, user: email, password: PASSWORD, messages });
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  const [inbox] = await getDb()
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, 'inbox')));
  account = { email, inboxId: inbox!.id, employee, colleague: admin.name };
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

/** How many of the inbox's messages the server has as read: none of these tests may open one. */
async function seenOnServer(): Promise<number> {
  const auth = { user: account.email, pass: PASSWORD };
  const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.imapPort, secure: false, auth, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      let seen = 0;
      for await (const message of client.fetch('1:*', { flags: true })) if (message.flags?.has('\\Seen')) seen += 1;
      return seen;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

/**
 * Requests that only happen when a message is opened or acted on (mark read, move…). A click meant for an
 * overlay that lands on the list behind it shows up here.
 */
function watchMessageRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (/^\/api\/mail\/messages\/(\d+|actions)$/.test(path)) seen.push(`${request.method()} ${path}`);
  });
  return seen;
}

async function openInbox(page: Page) {
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
  await openMail(page, `/mail?folder=${account.inboxId}`);
  const list = page.getByRole('grid', { name: 'Messages' });
  await expect(list.getByRole('row').first()).toBeVisible();
  // The list must fill its pane (and so the screen behind the overlays), or nothing could cover anything.
  await expect.poll(() => list.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  return list;
}

/**
 * A row's ⋯ button, found by CSS rather than by role: while a menu or modal dialog is open the rest of the
 * page is aria-hidden, and the trigger must still be found to check that focus came back to it.
 */
async function rowMenuTrigger(page: Page, row: Locator): Promise<Locator> {
  const id = await row.getAttribute('data-message-id');
  return page.locator(`[data-message-id="${id}"] button[aria-haspopup="menu"]`);
}

/** Whether focus is inside the element matching the selector: a dialog or menu took focus when it opened. */
const focusIsIn = (page: Page, selector: string) =>
  page.evaluate((s) => Boolean(document.activeElement?.closest(s)), selector);

/** A point on a list row that the open menu does not cover: clicking there is clicking outside the menu. */
async function pointOutside(page: Page, menu: Locator): Promise<{ x: number; y: number }> {
  const box = (await menu.boundingBox())!;
  const rows = page.locator('[role=grid] [role=row]');
  for (let i = 0; i < (await rows.count()); i++) {
    const r = await rows.nth(i).boundingBox();
    if (!r || r.y < 0 || r.y + r.height > page.viewportSize()!.height) continue;
    const point = { x: r.x + r.width - 12, y: r.y + r.height / 2 };
    const inX = point.x >= box.x && point.x <= box.x + box.width;
    const inY = point.y >= box.y && point.y <= box.y + box.height;
    if (!(inX && inY)) return point;
  }
  throw new Error('no row outside the menu');
}

for (const { name, use } of viewports) {
  test.describe(name, () => {
    test.use(use);

    test('compose: Send takes the click; the message goes out, nothing else is opened', async ({ page }, testInfo) => {
      const opened = watchMessageRequests(page);
      await openInbox(page);
      await page.getByRole('button', { name: 'Compose', exact: true }).first().click(CLICK);
      const compose = page.getByRole('dialog', { name: 'New message' });
      await expect(compose.getByLabel('To', { exact: true })).toBeFocused();
      // ASCII only: the test finds it in the raw message, where "×" would be RFC 2047-encoded.
      const subject = `Layering check at ${use.viewport.width}x${use.viewport.height}`;
      await compose.getByLabel('To', { exact: true }).click(CLICK);
      await compose.getByLabel('To', { exact: true }).fill('rita@recipient.example.test');
      await compose.getByLabel('Subject').click(CLICK);
      await compose.getByLabel('Subject').fill(subject);
      await compose.getByRole('textbox', { name: 'Message' }).click(CLICK);
      await compose.getByRole('textbox', { name: 'Message' }).fill('Sent with a mouse click on Send.');
      await page.screenshot({ path: testInfo.outputPath(`compose-${use.viewport.width}x${use.viewport.height}.png`) });
      await compose.getByRole('button', { name: 'Send' }).click(CLICK);

      const sent = await smtp.waitForMessage((m) => m.raw.toString().includes(subject), 30_000);
      expect(sent.envelope.to).toEqual(['rita@recipient.example.test']);
      await expect(page.getByRole('status').filter({ hasText: 'Message sent.' })).toBeVisible();
      await expect(compose).toHaveCount(0);
      expect(page.url()).not.toMatch(/[?&]m=/);
      expect(opened).toEqual([]);
      expect(await seenOnServer()).toBe(0);
    });

    test('make-work dialogs opened from the row menu take every click', async ({ page }) => {
      const opened = watchMessageRequests(page);
      const list = await openInbox(page);
      const trigger = await rowMenuTrigger(page, list.getByRole('row').first());
      const menu = page.getByRole('menu');

      // Create task: its fields and Cancel, then again and Create.
      await trigger.click(CLICK);
      await menu.getByRole('menuitem', { name: 'Create task' }).click(CLICK);
      const task = page.getByRole('dialog', { name: 'Create a task' });
      await expect(task).toBeVisible();
      expect(await focusIsIn(page, '[role=dialog]')).toBe(true);
      await task.getByLabel('Title').click(CLICK);
      await task.getByLabel('Title').fill(`Layering task at ${name}`);
      await task.getByLabel('Description').click(CLICK);
      await task.getByLabel('Description').fill('Typed into a dialog over the message list.');
      await task.getByRole('button', { name: 'Cancel' }).click(CLICK);
      await expect(task).toHaveCount(0);
      await expect(trigger).toBeFocused();

      await trigger.click(CLICK);
      await menu.getByRole('menuitem', { name: 'Create task' }).click(CLICK);
      await task.getByLabel('Title').click(CLICK);
      await task.getByLabel('Title').fill(`Layering task at ${name}`);
      await task.getByRole('button', { name: 'Create task' }).click(CLICK);
      await expect(page.getByRole('status').filter({ hasText: 'Task created.' })).toBeVisible();
      await expect(task).toHaveCount(0);

      // Discuss in chat: a colleague's checkbox, then Start chat.
      await trigger.click(CLICK);
      await menu.getByRole('menuitem', { name: 'Discuss in chat' }).click(CLICK);
      const chat = page.getByRole('dialog', { name: 'Discuss in chat' });
      const colleague = chat.getByRole('checkbox', { name: new RegExp(account.colleague) });
      await colleague.click(CLICK);
      await expect(colleague).toBeChecked();
      await chat.getByRole('button', { name: 'Start chat' }).click(CLICK);
      await expect(page.getByRole('status').filter({ hasText: 'Chat started.' })).toBeVisible();
      await expect(chat).toHaveCount(0);

      expect(page.url()).not.toMatch(/[?&]m=/);
      expect(opened).toEqual([]);
    });

    test('help sheet, dialog and menu close on Esc and outside clicks; focus comes back', async ({ page }) => {
      const opened = watchMessageRequests(page);
      const list = await openInbox(page);
      const trigger = await rowMenuTrigger(page, list.getByRole('row').first());
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });

      // The help sheet, closed three ways; each time focus returns to where it was when ? was pressed.
      for (const close of ['button', 'Escape', 'outside'] as const) {
        await trigger.focus();
        await page.keyboard.press('?');
        await expect(help).toBeVisible();
        expect(await focusIsIn(page, '[role=dialog]')).toBe(true);
        if (close === 'button') await help.getByRole('button', { name: 'Close' }).click(CLICK);
        else if (close === 'Escape') await page.keyboard.press('Escape');
        else await page.mouse.click(5, 5);
        await expect(help).toHaveCount(0);
        await expect(trigger).toBeFocused();
      }

      // The row menu: focus moves into it; Esc and a click outside close it and give focus back to ⋯.
      const menu = page.getByRole('menu');
      for (const close of ['Escape', 'outside'] as const) {
        await trigger.click(CLICK);
        await expect(menu).toBeVisible();
        expect(await focusIsIn(page, '[role=menu]')).toBe(true);
        if (close === 'Escape') await page.keyboard.press('Escape');
        else {
          const point = await pointOutside(page, menu);
          await page.mouse.click(point.x, point.y);
        }
        await expect(menu).toHaveCount(0);
        await expect(trigger).toBeFocused();
      }

      // The make-work dialog: Esc, then a click outside.
      const task = page.getByRole('dialog', { name: 'Create a task' });
      for (const close of ['Escape', 'outside'] as const) {
        await trigger.click(CLICK);
        await menu.getByRole('menuitem', { name: 'Create task' }).click(CLICK);
        await expect(task).toBeVisible();
        expect(await focusIsIn(page, '[role=dialog]')).toBe(true);
        if (close === 'Escape') await page.keyboard.press('Escape');
        else await page.mouse.click(5, 5);
        await expect(task).toHaveCount(0);
        await expect(trigger).toBeFocused();
      }

      // None of those clicks outside reached the list.
      expect(page.url()).not.toMatch(/[?&]m=/);
      expect(opened).toEqual([]);
    });

    test('the row menu opened near the bottom of the list is not clipped', async ({ page }) => {
      const opened = watchMessageRequests(page);
      const list = await openInbox(page);
      // The last row wholly inside the list's pane.
      const pane = (await list.boundingBox())!;
      const bottom = Math.min(pane.y + pane.height, page.viewportSize()!.height);
      const rows = list.getByRole('row');
      let last: Locator | null = null;
      for (let i = 0; i < (await rows.count()); i++) {
        const box = await rows.nth(i).boundingBox();
        if (box && box.y >= pane.y && box.y + box.height <= bottom) last = rows.nth(i);
      }
      expect(last).not.toBeNull();
      const trigger = await rowMenuTrigger(page, last!);
      // By CSS: with the menu open the list is aria-hidden, out of reach of getByRole.
      const scroller = page.locator('[role=grid]');
      const scrollTop = await scroller.evaluate((el) => el.scrollTop);

      await trigger.click(CLICK);
      const item = page.getByRole('menu').getByRole('menuitem').last();
      await expect(item).toHaveText('Post to feed');
      // Reaching the last item may scroll the menu itself, never the list: a menu drawn inside the list's
      // scroller would be clipped by it and need the list scrolled to show.
      await item.scrollIntoViewIfNeeded();
      await expect(item).toBeInViewport({ ratio: 1 });
      expect(await scroller.evaluate((el) => el.scrollTop)).toBe(scrollTop);
      await item.click(CLICK);

      const feed = page.getByRole('dialog', { name: 'Post to the feed' });
      await expect(feed).toBeVisible();
      await feed.getByRole('button', { name: 'Cancel' }).click(CLICK);
      await expect(feed).toHaveCount(0);
      await expect(trigger).toBeFocused();
      expect(opened).toEqual([]);
    });
  });
}

// Last in the file: it opens a message, which the tests above check never happens by accident.
test('compose is not modal: the list stays usable behind it, and Esc asks before discarding', async ({ page }) => {
  const list = await openInbox(page);
  const composeButton = page.getByRole('button', { name: 'Compose', exact: true }).first();
  await composeButton.click(CLICK);
  const compose = page.getByRole('dialog', { name: 'New message' });
  await compose.getByLabel('Subject').fill('Not finished yet');

  // A click on a row (its left part, clear of the docked window) opens the message; the draft stays open.
  await list
    .getByRole('row')
    .first()
    .click({ ...CLICK, position: { x: 60, y: 20 } });
  await expect(page.getByRole('region', { name: 'Message', exact: true }).getByRole('heading')).toBeVisible();
  await expect(compose.getByLabel('Subject')).toHaveValue('Not finished yet');

  // Esc in the window asks first, like ✕: refused, it stays; accepted, it closes and focus goes back to Compose.
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.message());
    void (asked.length === 1 ? dialog.dismiss() : dialog.accept());
  });
  await compose.getByLabel('Subject').click(CLICK);
  await page.keyboard.press('Escape');
  await expect.poll(() => asked.length).toBe(1);
  await expect(compose).toBeVisible();
  await page.keyboard.press('Escape');
  await expect.poll(() => asked.length).toBe(2);
  await expect(compose).toHaveCount(0);
  expect(asked[0]).toContain('Discard this message?');
  await expect(composeButton).toBeFocused();
});
