import { expect, type Page, test } from '@playwright/test';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailFolders, messages } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { appendMessages, type SeedMessage } from '@/scripts/test-servers/seed-mail';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { rowMenuTrigger } from './helpers/page-walk';
import { openMail } from './helpers/open-mail';

// Issue 20, the conversation view: a thread across the Inbox and Sent opens as one conversation with its Sent
// reply, older read messages folded to one line, quoted text folded (plain text in the page, HTML in the
// sandboxed frame), the switch to the message list and back kept across a reload, and an action on a row
// reaching every message of the conversation, with Undo. Every control is clicked with the mouse, at a
// laptop's size and a phone's.

const PASSWORD = 'conversations-e2e-password';
const HOUR = 3_600_000;
const CLICK = { timeout: 10_000 };
const ALICE = 'Alice Archer <alice@client.example.test>';
const BOB = 'Bob Baker <bob@client.example.test>';

const viewports = [
  { name: '1366×768', use: { viewport: { width: 1366, height: 768 } }, phone: false },
  {
    name: 'phone 390×844',
    use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    phone: true,
  },
];

let dovecot: DovecotServer;
let smtp: SmtpCapture;

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

/** A message as a mail client writes it: our own bodies, so the quoted text is known. */
function rawMessage(options: {
  from: string;
  to: string;
  subject: string;
  date: Date;
  id: string;
  inReplyTo?: string[];
  text?: string;
  html?: string;
}): Buffer {
  const headers = [
    `From: ${options.from}`,
    `To: ${options.to}`,
    `Subject: ${options.subject}`,
    `Date: ${options.date.toUTCString().replace(/GMT$/, '+0000')}`,
    `Message-ID: <${options.id}>`,
    ...(options.inReplyTo?.length
      ? [
          `In-Reply-To: <${options.inReplyTo.at(-1)}>`,
          `References: ${options.inReplyTo.map((id) => `<${id}>`).join(' ')}`,
        ]
      : []),
    'MIME-Version: 1.0',
    options.html ? 'Content-Type: text/html; charset=utf-8' : 'Content-Type: text/plain; charset=utf-8',
  ];
  return Buffer.from(
    `${headers.join('\r\n')}\r\n\r\n${(options.html ?? options.text ?? '').replace(/\n/g, '\r\n')}\r\n`,
  );
}

async function seedAccount() {
  const { employee } = await createOrgWithUsers();
  const email = randomEmail('conversations');
  await dovecot.addUser(email, PASSWORD);
  const tag = Math.random().toString(36).slice(2, 8);
  const ids = { first: `plan-1-${tag}@client.example.test`, reply: `plan-2-${tag}@mailroom.test` };
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR);
  const message = (raw: Buffer, date: Date, seen: boolean): SeedMessage => ({
    raw,
    internalDate: date,
    flags: seen ? ['\\Seen'] : [],
  });
  const append = (folder: string, list: SeedMessage[]) =>
    appendMessages({
      host: '127.0.0.1',
      port: dovecot.imapPort,
      user: email,
      password: PASSWORD,
      folder,
      messages: list,
    });

  await append('INBOX', [
    // The conversation: Alice asks (read), the user answers from Sent, Alice answers again (unread, HTML).
    message(
      rawMessage({
        from: ALICE,
        to: email,
        subject: 'Quarterly plan',
        date: at(72),
        id: ids.first,
        text: 'Shall we meet on Tuesday to go through the quarterly plan?',
      }),
      at(72),
      true,
    ),
    message(
      rawMessage({
        from: ALICE,
        to: email,
        subject: 'Re: Quarterly plan',
        date: at(2),
        id: `plan-3-${tag}@client.example.test`,
        inReplyTo: [ids.first, ids.reply],
        html: '<p>Perfect, see you Tuesday at ten.</p><blockquote type="cite"><p>Tuesday suits me well.</p></blockquote>',
      }),
      at(2),
      false,
    ),
    // Two unread messages of another conversation, for the actions on a whole conversation.
    message(
      rawMessage({
        from: BOB,
        to: email,
        subject: 'Moving house',
        date: at(30),
        id: `move-1-${tag}@x.test`,
        text: 'We move on Friday.',
      }),
      at(30),
      false,
    ),
    message(
      rawMessage({
        from: BOB,
        to: email,
        subject: 'Re: Moving house',
        date: at(20),
        id: `move-2-${tag}@x.test`,
        inReplyTo: [`move-1-${tag}@x.test`],
        text: 'The van comes at eight.',
      }),
      at(20),
      false,
    ),
    // A message alone: its row reads as in the message view.
    message(
      rawMessage({
        from: BOB,
        to: email,
        subject: 'Lonely note',
        date: at(10),
        id: `alone-${tag}@x.test`,
        text: 'Just this.',
      }),
      at(10),
      true,
    ),
  ]);
  await append('Sent', [
    message(
      rawMessage({
        from: email,
        to: ALICE,
        subject: 'Re: Quarterly plan',
        date: at(48),
        id: ids.reply,
        inReplyTo: [ids.first],
        text: 'Tuesday suits me well.\n\nOn Monday, Alice Archer wrote:\n> Shall we meet on Tuesday to go through the quarterly plan?\n',
      }),
      at(48),
      true,
    ),
  ]);
  await append('Archive', [
    message(
      rawMessage({
        from: BOB,
        to: email,
        subject: 'Filed away',
        date: at(100),
        id: `filed-${tag}@x.test`,
        text: 'Old.',
      }),
      at(100),
      true,
    ),
  ]);
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  const folders = await getDb().select().from(mailFolders).where(eq(mailFolders.mailboxId, mailbox.id));
  const folderId = (use: string) => folders.find((f) => f.specialUse === use)!.id;
  return { user: employee, mailboxId: mailbox.id, inbox: folderId('inbox'), archive: folderId('archive') };
}

type Account = Awaited<ReturnType<typeof seedAccount>>;

/** Each message of the mailbox with a subject ending so: its folder and read mark, as the database has them. */
async function stored(account: Account, subject: string) {
  const rows = await getDb()
    .select({ subject: messages.subject, folderId: messages.folderId, seen: messages.seen })
    .from(messages)
    .where(and(eq(messages.mailboxId, account.mailboxId), inArray(messages.subject, [subject, `Re: ${subject}`])))
    .orderBy(asc(messages.receivedAt));
  return rows;
}

async function signInWithMouse(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').click(CLICK);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').click(CLICK);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click(CLICK);
  await page.waitForURL(/\/mail/);
}

const list = (page: Page) => page.getByRole('grid', { name: 'Messages' });
const row = (page: Page, subject: string) => list(page).getByRole('row').filter({ hasText: subject });
const viewSwitch = (page: Page) => page.getByRole('group', { name: 'List by' });
const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

/** Opens a row with a click on its left part (the ⋯ button sits beside the sender). */
async function openRow(page: Page, subject: string) {
  await row(page, subject).click({ ...CLICK, position: { x: 40, y: 12 } });
}

for (const { name, use, phone } of viewports) {
  test.describe(name, () => {
    test.use(use);
    let account: Account;
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      account = await seedAccount();
    });

    test('a conversation opens with its Sent reply, folded older messages and folded quotes', async ({ page }) => {
      await signInWithMouse(page, account.user.email, account.user.password);
      await openMail(page, `/mail?folder=${account.inbox}`);
      // One row for the conversation: its participants with "me", the count over Inbox and Sent, unread.
      const conversationRow = row(page, 'Quarterly plan');
      await expect(conversationRow).toHaveCount(1);
      await expect(conversationRow).toContainText('Alice, me');
      await expect(conversationRow.getByTestId('conversation-count')).toContainText('(3)');
      await expect(conversationRow.getByRole('img', { name: 'Unread' })).toBeVisible();
      // A message alone looks as in the message view: its sender, no count.
      await expect(row(page, 'Lonely note')).toContainText('Bob Baker');
      await expect(row(page, 'Lonely note').getByTestId('conversation-count')).toHaveCount(0);

      await openRow(page, 'Quarterly plan');
      const pane = page.getByTestId('conversation');
      await expect(pane.getByRole('heading', { name: 'Quarterly plan' })).toBeVisible();
      await expect(page).toHaveURL(/[?&]c=\d+/);
      await expect(pane.getByTestId('conversation-message')).toHaveCount(3);
      // Oldest first; the Sent reply is in it and marked; the older read ones are one line each.
      await expect(pane.getByTestId('conversation-message').nth(1).getByTestId('sent-badge')).toHaveText('Sent');
      await expect(pane.getByTestId('conversation-message').first()).toHaveAttribute('data-expanded', 'false');
      await expect(pane.getByTestId('conversation-message').nth(1)).toHaveAttribute('data-expanded', 'false');
      await expect(pane.getByTestId('conversation-message').last()).toHaveAttribute('data-expanded', 'true');

      // Opening marked the conversation read, on the server first.
      await expect.poll(async () => (await stored(account, 'Quarterly plan')).every((m) => m.seen)).toBe(true);

      // The newest, HTML: its quote is folded inside the frame, behind a label that unfolds it.
      const frame = pane.getByTestId('conversation-message').last().locator('iframe').contentFrame();
      await expect(frame.getByText('Perfect, see you Tuesday at ten.')).toBeVisible();
      await expect(frame.getByText('Tuesday suits me well.')).toBeHidden();
      await frame.getByText('Show quoted text').click(CLICK);
      await expect(frame.getByText('Tuesday suits me well.')).toBeVisible();
      await frame.getByText('Hide quoted text').click(CLICK);
      await expect(frame.getByText('Tuesday suits me well.')).toBeHidden();

      // A folded message opens with a click on its line; the Sent reply's quote folds as plain text.
      const replyItem = pane.getByTestId('conversation-message').nth(1);
      await replyItem.getByRole('button', { expanded: false }).click(CLICK);
      await expect(replyItem).toHaveAttribute('data-expanded', 'true');
      const body = replyItem.getByRole('region', { name: 'Message content' });
      await expect(body).toContainText('Tuesday suits me well.');
      await expect(body).not.toContainText('> Shall we meet');
      await replyItem.getByRole('button', { name: 'Show quoted text' }).click(CLICK);
      await expect(replyItem.getByTestId('quoted-text')).toContainText('> Shall we meet on Tuesday');
      await replyItem.getByRole('button', { name: 'Hide quoted text' }).click(CLICK);
      await expect(replyItem.getByTestId('quoted-text')).toHaveCount(0);
      // Every message can be answered: the Sent one too.
      await expect(replyItem.getByRole('button', { name: 'Reply', exact: true })).toBeVisible();

      const firstItem = pane.getByTestId('conversation-message').first();
      await firstItem.getByRole('button', { expanded: false }).click(CLICK);
      await expect(firstItem.getByRole('region', { name: 'Message content' })).toContainText(
        'Shall we meet on Tuesday to go through the quarterly plan?',
      );
      // And folds again.
      await firstItem.getByRole('button', { expanded: true }).click(CLICK);
      await expect(firstItem).toHaveAttribute('data-expanded', 'false');

      if (phone) {
        await pane.getByRole('button', { name: 'Back' }).click(CLICK);
        await expect(list(page)).toBeVisible();
      }
      await expect(conversationRow.getByRole('img', { name: 'Unread' })).toHaveCount(0);
    });

    test('the switch to messages and back is kept across a reload', async ({ page }) => {
      await signInWithMouse(page, account.user.email, account.user.password);
      await openMail(page, `/mail?folder=${account.inbox}`);
      await expect(row(page, 'Moving house')).toHaveCount(1);
      await viewSwitch(page).getByRole('button', { name: 'Messages' }).click(CLICK);
      await expect(viewSwitch(page).getByRole('button', { name: 'Messages' })).toHaveAttribute('aria-pressed', 'true');
      // By message: each message of the Inbox has its row, and a row opens one message.
      await expect(row(page, 'Moving house')).toHaveCount(2);
      await expect(row(page, 'Quarterly plan')).toHaveCount(2);
      await expect(list(page).getByTestId('conversation-count')).toHaveCount(0);

      await page.reload();
      await expect(row(page, 'Moving house')).toHaveCount(2);
      await expect(viewSwitch(page).getByRole('button', { name: 'Messages' })).toHaveAttribute('aria-pressed', 'true');
      await openRow(page, 'Lonely note');
      await expect(
        page.getByRole('region', { name: 'Message', exact: true }).getByRole('heading', { name: 'Lonely note' }),
      ).toBeVisible();
      await expect(page).toHaveURL(/[?&]m=\d+/);
      if (phone) await page.getByRole('button', { name: 'Back' }).click(CLICK);

      await viewSwitch(page).getByRole('button', { name: 'Conversations' }).click(CLICK);
      await expect(row(page, 'Moving house')).toHaveCount(1);
      await page.reload();
      await expect(row(page, 'Moving house')).toHaveCount(1);
      await expect(viewSwitch(page).getByRole('button', { name: 'Conversations' })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
    });

    test('an action on a conversation row reaches all its messages, and Undo brings them back', async ({ page }) => {
      await signInWithMouse(page, account.user.email, account.user.password);
      await openMail(page, `/mail?folder=${account.inbox}`);
      const conversationRow = row(page, 'Moving house');
      await expect(conversationRow.getByTestId('conversation-count')).toContainText('(2)');
      expect((await stored(account, 'Moving house')).map((m) => m.seen)).toEqual([false, false]);

      const menu = async (entry: string) => {
        await (await rowMenuTrigger(page, conversationRow)).click(CLICK);
        await page.getByRole('menu').getByRole('menuitem', { name: entry }).click(CLICK);
      };
      await menu('Mark read');
      await expect(conversationRow.getByRole('img', { name: 'Unread' })).toHaveCount(0);
      await expect.poll(async () => (await stored(account, 'Moving house')).map((m) => m.seen)).toEqual([true, true]);

      await menu('Move to Archive');
      await expect(conversationRow).toHaveCount(0);
      await expect
        .poll(async () => (await stored(account, 'Moving house')).map((m) => m.folderId))
        .toEqual([account.archive, account.archive]);
      const notice = toast(page, 'Conversation moved.');
      await expect(notice).toBeVisible();
      await notice.getByRole('button', { name: 'Undo' }).click(CLICK);
      await expect
        .poll(async () => (await stored(account, 'Moving house')).map((m) => m.folderId))
        .toEqual([account.inbox, account.inbox]);
      await expect(conversationRow).toHaveCount(1);
      await expect(conversationRow.getByTestId('conversation-count')).toContainText('(2)');
    });
  });
}
