import { expect, test, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailboxes, mailFolders, users } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { signIn } from './helpers/sign-in';
import { openMail } from './helpers/open-mail';

// Issue 18 "Time": relative times render only in the browser, tick, never lie about the future; next-intl has
// a time zone (the browser's) and a now; and Sync refreshes the list as soon as its job is done.
const PASSWORD = 'time-e2e-password';
const MINUTE = 60_000;

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let account: {
  email: string;
  employee: { id: string; email: string; password: string };
  mailboxId: string;
  inboxId: number;
};

async function deliver(subject: string) {
  const date = new Date();
  await appendMessages({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    user: account.email,
    password: PASSWORD,
    messages: [
      {
        raw: generateMessage({ subject, date, from: 'Tom Timer <tom@partner.example.test>', to: account.email }),
        internalDate: date,
      },
    ],
  });
}

/** Console lines (and page errors) that mean the server's markup and the browser's disagreed, or that
 * next-intl complained (ENVIRONMENT_FALLBACK: no time zone or no now configured). */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  const pattern =
    /hydrat|did not match|ENVIRONMENT_FALLBACK|IntlError|next-intl|MISSING_MESSAGE|FORMATTING_ERROR|#418|#425/i;
  page.on('console', (message) => {
    if (pattern.test(message.text())) problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => {
    if (pattern.test(error.message)) problems.push(`pageerror: ${error.message}`);
  });
  return problems;
}

const syncLine = (page: Page) => page.getByRole('navigation', { name: 'Folders' }).locator('time').first();

async function openInbox(page: Page) {
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
  await openMail(page, `/mail?folder=${account.inboxId}`);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { employee } = await createOrgWithUsers();
  const email = randomEmail('time');
  await dovecot.addUser(email, PASSWORD);
  account = { email, employee, mailboxId: '', inboxId: 0 };
  await deliver('Already here');
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  const [inbox] = await getDb()
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, 'inbox')));
  account.mailboxId = mailbox.id;
  account.inboxId = inbox!.id;
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

test('Sync shows new mail as soon as its job is done, without reloading', async ({ page }) => {
  await openInbox(page);
  const rows = page.getByRole('row');
  await expect(rows.filter({ hasText: 'Already here' })).toBeVisible();
  // Opening the mailbox started a sync of its own; a click while it runs would wait for the scheduler's next
  // round (the job finds the mailbox locked). A user clicks Sync when the mail is there, not in that second.
  await expect
    .poll(async () => {
      const [row] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, account.mailboxId));
      return Boolean(
        row?.syncRequestedAt && row.lastSyncAt && row.lastSyncAt >= row.syncRequestedAt && row.syncState === 'idle',
      );
    })
    .toBe(true);

  await deliver('Fresh off the server');
  const folders = page.getByRole('navigation', { name: 'Folders' });
  await folders.getByRole('button', { name: 'Sync', exact: true }).click();
  // The list refetches by itself only once a minute: well within that, the new row is there.
  await expect(rows.filter({ hasText: 'Fresh off the server' })).toBeVisible({ timeout: 15_000 });
  await expect(folders.getByRole('button', { name: 'Sync', exact: true })).toBeEnabled();
});

test('the webmail and Settings → Mailboxes hydrate without mismatches or next-intl errors', async ({ page }) => {
  const problems = watchConsole(page);
  await openInbox(page);
  await expect(syncLine(page)).toContainText(/Synced (just now|\d+ minutes? ago)/);
  await page.goto('/settings/mailboxes');
  await expect(page.getByTestId('mailbox-state')).toContainText(/Last sync (just now|\d+ minutes? ago)/);
  // Let late effects and the first heartbeat run before judging the console.
  await page.waitForLoadState('networkidle');
  expect(problems).toEqual([]);
});

test("the browser's time zone is stored for the server's dates", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: 'Pacific/Auckland' });
  const page = await context.newPage();
  await openInbox(page);
  await expect
    .poll(async () => {
      const [row] = await getDb()
        .select({ timeZone: users.timeZone })
        .from(users)
        .where(eq(users.id, account.employee.id));
      return row?.timeZone;
    })
    .toBe('Pacific/Auckland');
  await context.close();
});

test('a browser clock behind the server shows no future times, and the text ticks', async ({ page }) => {
  const problems = watchConsole(page);
  // Ten minutes slow, then running normally: "Synced in 10 minutes" is what the issue saw.
  await page.clock.install({ time: new Date(Date.now() - 10 * MINUTE) });
  await page.clock.resume();
  await openInbox(page);
  await expect(syncLine(page)).toContainText(/Synced (just now|\d+ minutes? ago)/);
  await expect(syncLine(page)).not.toContainText(/\bin \d/);

  await page.goto('/settings/mailboxes');
  const state = page.getByTestId('mailbox-state');
  await expect(state).toContainText(/Last sync (just now|\d+ minutes? ago)/);
  await page.clock.fastForward('20:00');
  await expect(state).toContainText(/Last sync (2\d) minutes ago/);
  expect(problems).toEqual([]);
});
