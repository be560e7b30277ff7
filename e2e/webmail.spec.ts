import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { ImapFlow } from 'imapflow';
import { and, eq } from 'drizzle-orm';
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

const PASSWORD = 'webmail-e2e-password';
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
const day = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

// One mailbox for the whole file; each test acts on messages of its own.
const seeded = [
  { subject: 'Read me first', days: 1 },
  { subject: 'Bulk one', days: 2, flags: ['\\Seen'] },
  { subject: 'Bulk two', days: 2, flags: ['\\Seen'] },
  { subject: 'Move me to archive', days: 3 },
  { subject: 'Cheap pills spam', days: 3 },
  { subject: 'Delete me please', days: 4 },
  { subject: 'Zanzibar shipment schedule', days: 5 },
  { subject: 'Flagged from last month', days: 20, flags: ['\\Flagged', '\\Seen'] },
  { subject: 'Please reply to this', days: 6, messageId: '<thread-start@e2e.example.test>' },
  { subject: 'Report with attachment', days: 7, attachment: true },
];

// A 1×1 PNG: the inline image of the HTML message, and what the stand-in "remote" server answers.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function htmlMessage(to: string, remoteUrl: string): Buffer {
  const lines = [
    'From: Shop News <news@shop.example.test>',
    `To: ${to}`,
    'Subject: Inline picture newsletter',
    `Date: ${daysAgo(1).toUTCString()}`,
    'Message-ID: <inline-picture@e2e.example.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><body><p>Hello from the picture newsletter</p><img alt="logo" src="cid:logo@e2e"><img alt="tracker" src="${remoteUrl}"></body></html>`,
    '--rel',
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <logo@e2e>',
    'Content-Disposition: inline; filename="logo.png"',
    '',
    PNG.toString('base64'),
    '--rel--',
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}

let remoteHits = 0;
let remote: Server;
let dovecot: DovecotServer;
let smtp: SmtpCapture;
let account: { email: string; employee: { email: string; password: string }; mailboxId: string; inboxId: number };

async function imap<T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    secure: false,
    auth: { user: account.email, pass: PASSWORD },
    logger: false,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout();
  }
}

/** The subjects in a server folder, with their flags: what any other mail client would see. */
async function serverFolder(path: string): Promise<Map<string, Set<string>>> {
  return imap(async (client) => {
    const lock = await client.getMailboxLock(path);
    try {
      const found = new Map<string, Set<string>>();
      for await (const message of client.fetch('1:*', { envelope: true, flags: true }))
        found.set(message.envelope?.subject ?? '', message.flags ?? new Set());
      return found;
    } catch {
      return new Map();
    } finally {
      lock.release();
    }
  });
}

const row = (page: Page, subject: string) => page.getByRole('row').filter({ hasText: subject });

async function openInbox(page: Page, query = '') {
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
  await openMail(page, `/mail?folder=${account.inboxId}${query}`);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  // Stands in for a tracking server on the internet: it must see a request only after "Show images".
  remote = createServer((_request, response) => {
    remoteHits += 1;
    response.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG);
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  const remotePort = (remote.address() as { port: number }).port;
  const { employee } = await createOrgWithUsers();
  const email = randomEmail('webmail');
  await dovecot.addUser(email, PASSWORD);
  await appendMessages({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    user: email,
    password: PASSWORD,
    messages: seeded
      .map((m) => ({
        raw: generateMessage({
          subject: m.subject,
          date: daysAgo(m.days),
          messageId: m.messageId,
          from: 'Alice Sender <alice@partner.example.test>',
          to: email,
          ...(m.attachment ? { attachmentBytes: 2048, attachmentName: 'figures.pdf' } : {}),
        }),
        internalDate: daysAgo(m.days),
        flags: m.flags,
      }))
      .concat([
        {
          raw: htmlMessage(email, `http://127.0.0.1:${remotePort}/pixel.png`),
          internalDate: daysAgo(1),
          flags: undefined,
        },
      ]),
  });
  const db = getDb();
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  const [inbox] = await db
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, 'inbox')));
  account = { email, employee, mailboxId: mailbox.id, inboxId: inbox!.id };
});

test.afterAll(async () => {
  remote?.close();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

test('opening a message shows it and marks it read on the server', async ({ page }) => {
  await openInbox(page);
  await expect(page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: /Inbox/ })).toContainText(
    String(seeded.filter((m) => !m.flags?.includes('\\Seen')).length + 1),
  );
  await row(page, 'Read me first').click();
  const reading = page.getByRole('region', { name: 'Message', exact: true });
  await expect(reading.getByRole('heading', { name: 'Read me first' })).toBeVisible();
  await expect(reading).toContainText('Alice Sender');
  await expect.poll(async () => (await serverFolder('INBOX')).get('Read me first')?.has('\\Seen')).toBe(true);
});

test('an HTML message shows its inline image in the sandboxed frame; remote images wait for consent', async ({
  page,
}) => {
  await openInbox(page);
  await row(page, 'Inline picture newsletter').click();
  const reading = page.getByRole('region', { name: 'Message', exact: true });
  const frame = reading.locator('iframe[title="Message content"]');
  await expect(frame).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
  const body = page.frameLocator('iframe[title="Message content"]');
  await expect(body.getByText('Hello from the picture newsletter')).toBeVisible();
  await expect
    .poll(() => body.locator('img[alt="logo"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(1);
  await expect(reading.getByRole('status')).toContainText('1 remote image was blocked');
  expect(remoteHits).toBe(0);

  await reading.getByRole('button', { name: 'Show images', exact: true }).click();
  await expect.poll(() => remoteHits).toBe(1);
});

test('bulk select with shift marks messages unread on the server', async ({ page }) => {
  await openInbox(page);
  await page.getByRole('checkbox', { name: 'Select “Bulk one”' }).click();
  await page.getByRole('checkbox', { name: 'Select “Bulk two”' }).click({ modifiers: ['Shift'] });
  const toolbar = page.getByRole('toolbar', { name: 'Actions on selected messages' });
  await expect(toolbar).toContainText('2 selected');
  await toolbar.getByRole('button', { name: 'Mark unread' }).click();
  await expect
    .poll(async () => {
      const inbox = await serverFolder('INBOX');
      return [inbox.get('Bulk one')?.has('\\Seen'), inbox.get('Bulk two')?.has('\\Seen')];
    })
    .toEqual([false, false]);
});

test('move, spam and delete reach the server; undo moves back', async ({ page }) => {
  await openInbox(page);
  await page.getByRole('checkbox', { name: 'Select “Move me to archive”' }).click();
  await page
    .getByRole('toolbar', { name: 'Actions on selected messages' })
    .getByLabel('Move to')
    .selectOption({ label: 'Archive' });
  await expect(row(page, 'Move me to archive')).toHaveCount(0);
  await expect.poll(async () => (await serverFolder('Archive')).has('Move me to archive')).toBe(true);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => (await serverFolder('INBOX')).has('Move me to archive')).toBe(true);
  await expect(row(page, 'Move me to archive')).toHaveCount(1);

  // The menu next to the sender has the same actions.
  await row(page, 'Cheap pills spam').getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Spam' }).click();
  await expect.poll(async () => (await serverFolder('Junk')).has('Cheap pills spam')).toBe(true);

  await page.getByRole('checkbox', { name: 'Select “Delete me please”' }).click();
  await page
    .getByRole('toolbar', { name: 'Actions on selected messages' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect.poll(async () => (await serverFolder('Trash')).has('Delete me please')).toBe(true);
  expect((await serverFolder('INBOX')).has('Delete me please')).toBe(false);
});

test('filters by date and status and full-text search, reflected in the URL', async ({ page }) => {
  await openInbox(page);
  await page.getByRole('button', { name: 'Flagged', exact: true }).click();
  await expect(page).toHaveURL(/status=flagged/);
  await expect(page.getByRole('row')).toHaveCount(1);
  await expect(row(page, 'Flagged from last month')).toHaveCount(1);

  // A bookmarked view: a date range that leaves out the month-old message.
  await openMail(page, `/mail?folder=${account.inboxId}&after=${day(daysAgo(10))}&before=${day(new Date())}`);
  await expect(row(page, 'Report with attachment')).toHaveCount(1);
  await expect(row(page, 'Flagged from last month')).toHaveCount(0);
  await page.getByRole('button', { name: 'With attachments' }).click();
  await expect(page).toHaveURL(/status=attachments/);
  await expect(row(page, 'Read me first')).toHaveCount(0);
  await expect(row(page, 'Report with attachment')).toHaveCount(1);

  await openMail(page, `/mail?folder=${account.inboxId}`);
  // The shortcut works once the page is interactive: wait for the list the client fetched.
  await expect(row(page, 'Zanzibar shipment schedule')).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search mail' })).toBeFocused();
  await page.keyboard.type('zanzib');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=zanzib/);
  await expect(page.getByRole('row')).toHaveCount(1);
  await expect(row(page, 'Zanzibar shipment schedule')).toHaveCount(1);
});

test('compose with an attachment: delivered through SMTP and saved in Sent', async ({ page }) => {
  await openInbox(page);
  await page.getByRole('button', { name: 'Compose' }).first().click();
  const compose = page.getByRole('dialog', { name: 'New message' });
  await compose.getByLabel('To', { exact: true }).fill('bob@recipient.example.test');
  await compose.getByLabel('Subject').fill('Quarterly figures attached');
  await compose.getByRole('textbox', { name: 'Message' }).fill('Hello Bob, the figures are attached.');
  await compose
    .locator('input[type=file]')
    .setInputFiles({ name: 'figures.csv', mimeType: 'text/csv', buffer: Buffer.from('q,revenue\n1,100\n') });
  await expect(compose.getByRole('list', { name: 'Attachments' })).toContainText('figures.csv');
  await expect(compose.getByRole('progressbar')).toHaveCount(0);
  await compose.getByRole('button', { name: 'Send' }).dblclick();
  await expect(page.getByText('Message sent.')).toBeVisible({ timeout: 30_000 });

  const delivered = await smtp.waitForMessage((m) => m.raw.toString().includes('Quarterly figures attached'));
  expect(delivered.raw.toString()).toContain('filename=figures.csv');
  await expect.poll(async () => (await serverFolder('Sent')).has('Quarterly figures attached')).toBe(true);
  // The double click sent it once.
  expect(smtp.messages.filter((m) => m.raw.toString().includes('Quarterly figures attached'))).toHaveLength(1);
});

test('a reply keeps the thread headers and marks the original answered', async ({ page }) => {
  await openInbox(page);
  await row(page, 'Please reply to this').click();
  await page
    .getByRole('region', { name: 'Message', exact: true })
    .getByRole('button', { name: 'Reply', exact: true })
    .click();
  const compose = page.getByRole('dialog');
  await expect(compose.getByLabel('To', { exact: true })).toHaveValue(/alice@partner\.example\.test/);
  await expect(compose.getByLabel('Subject')).toHaveValue('Re: Please reply to this');
  await compose.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Message sent.')).toBeVisible({ timeout: 30_000 });
  const reply = await smtp.waitForMessage((m) => m.raw.toString().includes('Re: Please reply to this'));
  expect(reply.raw.toString()).toMatch(/In-Reply-To: <thread-start@e2e\.example\.test>/);
  expect(reply.raw.toString()).toMatch(/References: <thread-start@e2e\.example\.test>/);
  await expect
    .poll(async () => (await serverFolder('INBOX')).get('Please reply to this')?.has('\\Answered'))
    .toBe(true);
});

test('attachments over 14.3 MB are refused before uploading', async ({ page }) => {
  await openInbox(page);
  let uploads = 0;
  page.on('request', (request) => {
    if (request.url().includes('/api/mail/uploads')) uploads += 1;
  });
  await page.getByRole('button', { name: 'Compose' }).first().click();
  const compose = page.getByRole('dialog', { name: 'New message' });
  await compose
    .locator('input[type=file]')
    .setInputFiles({ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(15_000_000) });
  await expect(compose.getByRole('alert')).toContainText('Attachments are limited to 14.3 MB per message');
  expect(uploads).toBe(0);
});

test('keyboard: ? lists the shortcuts, j and o open the newest message, shift+u marks it unread on the server', async ({
  page,
}) => {
  await openInbox(page);
  await expect(page.getByRole('row').first()).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Mark unread');
  await page.getByRole('button', { name: 'Close' }).click();
  await page.keyboard.press('j');
  await page.keyboard.press('o');
  const heading = page.getByRole('region', { name: 'Message', exact: true }).getByRole('heading');
  await expect(heading).toHaveText(/\S/);
  const subject = (await heading.textContent())!;
  await expect.poll(async () => (await serverFolder('INBOX')).get(subject)?.has('\\Seen')).toBe(true);
  await page.keyboard.press('Shift+U');
  await expect.poll(async () => (await serverFolder('INBOX')).get(subject)?.has('\\Seen')).toBe(false);
});

test('on a phone, one pane at a time', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await openInbox(page);
  await expect(row(page, 'Zanzibar shipment schedule')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Folders' })).toBeHidden();
  await row(page, 'Zanzibar shipment schedule').click();
  await expect(
    page
      .getByRole('region', { name: 'Message', exact: true })
      .getByRole('heading', { name: 'Zanzibar shipment schedule' }),
  ).toBeVisible();
  await expect(row(page, 'Zanzibar shipment schedule')).toBeHidden();
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(row(page, 'Zanzibar shipment schedule')).toBeVisible();
  await context.close();
});
