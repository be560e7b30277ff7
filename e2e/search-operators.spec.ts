import { expect, test, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailFolders } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { signIn } from './helpers/sign-in';
import { openMail } from './helpers/open-mail';

const PASSWORD = 'search-e2e-password';
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let account: { employee: { email: string; password: string }; inboxId: number };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { employee } = await createOrgWithUsers();
  const email = randomEmail('search');
  await dovecot.addUser(email, PASSWORD);
  const put = (folder: string, mails: Array<{ subject: string; from: string; days: number }>) =>
    appendMessages({
      host: '127.0.0.1',
      port: dovecot.imapPort,
      user: email,
      password: PASSWORD,
      folder,
      messages: mails.map((m) => ({
        raw: generateMessage({ subject: m.subject, from: m.from, to: email, date: daysAgo(m.days) }),
        internalDate: daysAgo(m.days),
      })),
    });
  await put('INBOX', [
    { subject: 'Q3 invoice from Bob', from: 'Bob Smith <bob@example.test>', days: 1 },
    { subject: 'Q3 invoice from Carol', from: 'Carol Jones <carol@example.test>', days: 2 },
    { subject: 'Lunch plans', from: 'Bob Smith <bob@example.test>', days: 3 },
  ]);
  await put('Archive', [{ subject: 'Archived Zanzibar contract', from: 'Dana <dana@example.test>', days: 4 }]);
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  const [inbox] = await getDb()
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, 'inbox')));
  account = { employee, inboxId: inbox!.id };
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

const rows = (page: Page) => page.getByRole('row');
const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search mail' });

async function search(page: Page, text: string) {
  await searchBox(page).click();
  await searchBox(page).fill(text);
  await searchBox(page).press('Enter');
}

test('operators find the right message, a malformed one is explained, in:all reaches other folders', async ({
  page,
}) => {
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
  await openMail(page, `/mail?folder=${account.inboxId}`);
  await expect(rows(page).filter({ hasText: 'Lunch plans' })).toBeVisible();

  await search(page, 'from:bob subject:invoice');
  await expect(page).toHaveURL(/q=from%3Abob/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).filter({ hasText: 'Q3 invoice from Bob' })).toHaveCount(1);

  // A malformed operator: a hint under the box, and the list is left as it was rather than emptied.
  await search(page, 'before:yesterday');
  const hint = page.getByRole('alert').filter({ hasText: 'YYYY-MM-DD' });
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('yesterday');
  await expect(searchBox(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('No messages here')).toHaveCount(0);
  await expect(rows(page).filter({ hasText: 'Q3 invoice from Bob' })).toHaveCount(1);

  await search(page, 'in:nowhere invoice');
  await expect(page.getByRole('alert').filter({ hasText: 'nowhere' })).toBeVisible();

  // A bookmarked malformed search is refused by the endpoint too, and the hint explains it.
  await page.goto(`/mail?folder=${account.inboxId}&q=${encodeURIComponent('is:purple')}`);
  await expect(page.locator('#mail-search-hint')).toContainText('unread, read or flagged');

  await openMail(page, `/mail?folder=${account.inboxId}`);
  await expect(rows(page).filter({ hasText: 'Lunch plans' })).toBeVisible();
  await search(page, 'zanzibar');
  await expect(page.getByText('No messages here')).toBeVisible();
  await search(page, 'in:all zanzibar');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).filter({ hasText: 'Archived Zanzibar contract' })).toHaveCount(1);
  await expect(searchBox(page)).not.toHaveAttribute('aria-invalid', 'true');
});
