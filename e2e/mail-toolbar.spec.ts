import { expect, test, type Locator, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { getDb } from '@/db/client';
import { mailFolders, messages } from '@/db/schema';
import { cliActor } from '@/lib/access/actor';
import { grantMailboxAccess } from '@/lib/mail/mailboxes/grant-mailbox-access';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { createTestOrg, createTestUser, randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { signIn } from './helpers/sign-in';
import { openMail } from './helpers/open-mail';

// Issue 18: the reading pane's toolbar and its Make work menu, the selection toolbar, what a read-only
// grantee is offered, the question before deleting for good, opening by address, and the empty webmail.
// Controls are clicked with the mouse, so that one covered by something else fails the test.

const PASSWORD = 'toolbar-e2e-password';
const HOUR = 3_600_000;
const inbox = ['Toolbar alpha', 'Toolbar beta', 'Toolbar gamma', 'Opened by its address'];
const trash = ['Linked in the trash', 'Plain in the trash'];

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let setup: {
  email: string;
  folders: Record<'inbox' | 'trash', number>;
  owner: { email: string; password: string };
  reader: { email: string; password: string };
};

test.use({ viewport: { width: 1366, height: 768 } });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { employee, admin } = await createOrgWithUsers();
  const email = randomEmail('toolbar');
  await dovecot.addUser(email, PASSWORD);
  const seed = async (folder: string, subjects: string[]) => {
    const list = subjects.map((subject, i) => {
      const date = new Date(Date.now() - (i + 1) * HOUR);
      return {
        raw: generateMessage({ subject, date, from: 'Tom Tool <tom@client.example.test>', to: email }),
        internalDate: date,
      };
    });
    await appendMessages({
      host: '127.0.0.1',
      port: dovecot.imapPort,
      user: email,
      password: PASSWORD,
      folder,
      messages: list,
    });
  };
  await seed('INBOX', inbox);
  await seed('Trash', trash);
  await seed('Drafts', ['A draft']);
  await seed('Sent', ['Something sent']);
  await seed('Archive', ['Filed away']);
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  // The admin reads this mailbox through a grant at "read": organize, never answer.
  await grantMailboxAccess(getDb(), { actor: cliActor, mailboxId: mailbox.id, userId: admin.id, level: 'read' });
  const folders = await getDb().select().from(mailFolders).where(eq(mailFolders.mailboxId, mailbox.id));
  const id = (use: string) => folders.find((f) => f.specialUse === use)!.id;
  setup = { email, folders: { inbox: id('inbox'), trash: id('trash') }, owner: employee, reader: admin };
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

const row = (page: Page, subject: string) => page.getByRole('row').filter({ hasText: subject });
const reading = (page: Page) => page.getByRole('region', { name: 'Message', exact: true });
const bar = (page: Page) => reading(page).getByRole('group', { name: 'Actions on this message' });
const selectionBar = (page: Page) => page.getByRole('toolbar', { name: 'Actions on selected messages' });

async function openFolder(page: Page, who: { email: string; password: string }, folder: 'inbox' | 'trash') {
  await signIn(page, who.email, who.password);
  await page.waitForURL(/\/mail/);
  await openMail(page, `/mail?folder=${setup.folders[folder]}`);
  await expect(page.getByRole('grid', { name: 'Messages' }).getByRole('row').first()).toBeVisible();
}

async function openMessage(page: Page, subject: string) {
  await row(page, subject).click();
  await expect(reading(page).getByRole('heading', { name: subject })).toBeVisible();
}

/** Whether the server has the message (by subject) as read. */
async function seenOnServer(folder: string, subject: string): Promise<boolean | undefined> {
  const auth = { user: setup.email, pass: PASSWORD };
  const client = new ImapFlow({ host: '127.0.0.1', port: dovecot.imapPort, secure: false, auth, logger: false });
  await client.connect();
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      for await (const m of client.fetch('1:*', { flags: true, envelope: true }))
        if (m.envelope?.subject === subject) return m.flags?.has('\\Seen') ?? false;
      return undefined;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

const tops = (buttons: Locator) =>
  buttons.evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().top)));

test('the reading pane: answer first, one row at 1366 px, and each make-work item opens its dialog', async ({
  page,
}) => {
  await openFolder(page, setup.owner, 'inbox');
  await openMessage(page, 'Toolbar alpha');
  const buttons = bar(page).getByRole('button');
  const names = await buttons.evaluateAll((els) => els.map((el) => el.textContent?.trim()));
  expect(names.slice(0, 3)).toEqual(['Reply', 'Reply all', 'Forward']);
  expect(new Set(await tops(buttons)).size).toBe(1);

  const trigger = bar(page).getByRole('button', { name: 'Make work' });
  const dialogs = [
    ['Create task', 'Create a task'],
    ['Link to task', 'Link to an existing task'],
    ['Create event', 'Create an event'],
    ['Discuss in chat', 'Discuss in chat'],
    ['Post to feed', 'Post to the feed'],
  ] as const;
  for (const [index, [item, title]] of dialogs.entries()) {
    await trigger.click();
    await page.getByRole('menu').getByRole('menuitem', { name: item }).click();
    const dialog = page.getByRole('dialog', { name: title });
    await expect(dialog).toBeVisible();
    // Closed by Esc and by a click outside, in turn; focus is back on the menu's button either way.
    if (index % 2 === 0) await page.keyboard.press('Escape');
    else await page.mouse.click(5, 5);
    await expect(dialog).toHaveCount(0);
    await expect(trigger).toBeFocused();
  }

  // The menu itself closes on Esc and on a click outside, giving focus back.
  for (const close of ['Escape', 'outside'] as const) {
    await trigger.click();
    await expect(page.getByRole('menu')).toBeVisible();
    if (close === 'Escape') await page.keyboard.press('Escape');
    else await page.mouse.click(5, 5);
    await expect(page.getByRole('menu')).toHaveCount(0);
    await expect(trigger).toBeFocused();
  }
});

test('on a phone the reading pane’s toolbar stays on screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await openFolder(page, setup.owner, 'inbox');
  await openMessage(page, 'Toolbar beta');
  const rights = await bar(page)
    .getByRole('button')
    .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
  expect(rights.length).toBeGreaterThanOrEqual(8);
  for (const right of rights) expect(right).toBeLessThanOrEqual(390);
  await context.close();
});

test('selection: select-all is half-checked, Drafts and Sent are no move targets, one-message work says why', async ({
  page,
}) => {
  await openFolder(page, setup.owner, 'inbox');
  const selectAll = page.getByRole('checkbox', { name: 'Select all loaded messages' });
  const indeterminate = () => selectAll.evaluate((el) => (el as HTMLInputElement).indeterminate);
  expect(await indeterminate()).toBe(false);
  await page.getByRole('checkbox', { name: 'Select “Toolbar alpha”' }).click();
  expect(await indeterminate()).toBe(true);
  await page.getByRole('checkbox', { name: 'Select “Toolbar beta”' }).click();
  expect(await indeterminate()).toBe(true);

  const targets = await selectionBar(page)
    .getByLabel('Move to')
    .locator('option')
    .evaluateAll((els) => els.map((el) => el.textContent));
  expect(targets).toContain('Archive');
  expect(targets).toContain('Trash');
  for (const excluded of ['Drafts', 'Sent', 'Inbox']) expect(targets).not.toContain(excluded);

  await selectionBar(page).getByRole('button', { name: 'Make work' }).click();
  const menu = page.getByRole('menu');
  for (const item of ['Create event', 'Discuss in chat', 'Post to feed']) {
    const entry = menu.getByRole('menuitem', { name: item });
    await expect(entry).toHaveAttribute('aria-disabled', 'true');
    await expect(entry).toHaveAccessibleDescription('Select a single message for this.');
  }
  await expect(menu.getByRole('menuitem', { name: 'Create task' })).not.toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');

  await selectAll.click();
  expect(await indeterminate()).toBe(false);
  await expect(selectAll).toBeChecked();
});

test('a read-only grantee is offered no Reply, Reply all or Forward; the owner is', async ({ browser }) => {
  const reader = await (await browser.newContext()).newPage();
  await openFolder(reader, setup.reader, 'inbox');
  await openMessage(reader, 'Toolbar gamma');
  await expect(bar(reader).getByRole('button', { name: 'Make work' })).toBeVisible();
  for (const name of ['Reply', 'Reply all', 'Forward'])
    await expect(bar(reader).getByRole('button', { name, exact: true })).toHaveCount(0);
  await reader.keyboard.press('r');
  await expect(reader.getByRole('dialog')).toHaveCount(0);
  await reader.close();

  const owner = await (await browser.newContext()).newPage();
  await openFolder(owner, setup.owner, 'inbox');
  await openMessage(owner, 'Toolbar gamma');
  await expect(bar(owner).getByRole('button', { name: 'Reply', exact: true })).toBeVisible();
  await owner.close();
});

test('opening /mail?m=ID directly marks the message read', async ({ page }) => {
  expect(await seenOnServer('INBOX', 'Opened by its address')).toBe(false);
  const [message] = await getDb()
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.folderId, setup.folders.inbox), eq(messages.subject, 'Opened by its address')));
  await signIn(page, setup.owner.email, setup.owner.password);
  await page.waitForURL(/\/mail/);
  await openMail(page, `/mail?folder=${setup.folders.inbox}&m=${message!.id}`);
  await expect(reading(page).getByRole('heading', { name: 'Opened by its address' })).toBeVisible();
  await expect.poll(() => seenOnServer('INBOX', 'Opened by its address')).toBe(true);
  await expect(row(page, 'Opened by its address').getByRole('img', { name: 'Unread' })).toHaveCount(0);
});

test('deleting for good asks first, and says when the message is linked to work', async ({ page }) => {
  await openFolder(page, setup.owner, 'trash');
  await openMessage(page, 'Linked in the trash');
  await bar(page).getByRole('button', { name: 'Make work' }).click();
  await page.getByRole('menuitem', { name: 'Create task' }).click();
  const task = page.getByRole('dialog', { name: 'Create a task' });
  await task.getByRole('button', { name: 'Create task' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Task created.' })).toBeVisible();
  await expect(reading(page).getByTestId('message-links')).toBeVisible();

  const remove = bar(page).getByRole('button', { name: 'Delete' });
  const question = page.getByRole('alertdialog', { name: 'Delete this message for good?' });
  await remove.click();
  await expect(question).toContainText('1 message is linked to work (Task)');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toHaveCount(0);
  await expect(remove).toBeFocused();
  expect(await seenOnServer('Trash', 'Linked in the trash')).not.toBeUndefined();

  await remove.click();
  await question.getByRole('button', { name: 'Delete for good' }).click();
  await expect(row(page, 'Linked in the trash')).toHaveCount(0);
  await expect.poll(() => seenOnServer('Trash', 'Linked in the trash')).toBeUndefined();

  // A message without work: the question, without the warning; Esc keeps the message.
  await page.getByRole('checkbox', { name: 'Select “Plain in the trash”' }).click();
  await selectionBar(page).getByRole('button', { name: 'Delete' }).click();
  await expect(question).toBeVisible();
  await expect(question).not.toContainText('linked to work');
  await page.keyboard.press('Escape');
  await expect(question).toHaveCount(0);
  await expect(row(page, 'Plain in the trash')).toHaveCount(1);
});

test('an empty webmail: a new admin is told to connect a mailbox, an employee about access', async ({ browser }) => {
  const org = await createTestOrg(getDb(), { name: `Empty ${Date.now().toString(36)}` });
  const admin = await createTestUser(getDb(), { orgId: org.id, role: 'admin' });
  const employee = await createTestUser(getDb(), { orgId: org.id, role: 'employee' });

  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, admin.email, admin.password);
  await adminPage.waitForURL(/\/mail/);
  await expect(adminPage.getByRole('heading', { name: 'Connect your first mailbox' })).toBeVisible();
  await expect(adminPage.getByText('giving yourself access')).toHaveCount(0);
  await expect(adminPage.getByRole('link', { name: 'Connect a mailbox' })).toHaveAttribute(
    'href',
    '/settings/mailboxes',
  );
  await adminPage.close();

  const employeePage = await (await browser.newContext()).newPage();
  await signIn(employeePage, employee.email, employee.password);
  await employeePage.waitForURL(/\/mail/);
  await expect(employeePage.getByRole('heading', { name: 'You have no mailbox to read yet.' })).toBeVisible();
  await expect(employeePage.getByText('ask an administrator to give you access')).toBeVisible();
  await employeePage.close();
});
