import { expect, test, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { getDb } from '@/db/client';
import { mailNotificationSubscriptions, messages } from '@/db/schema';
import { cliActor } from '@/lib/access/actor';
import { latestMailEventId } from '@/lib/live/replay-mail-events';
import { grantMailboxAccess } from '@/lib/mail/mailboxes/grant-mailbox-access';
import { revokeMailboxAccess } from '@/lib/mail/mailboxes/revoke-mailbox-access';
import { inProcessParser } from '@/lib/mail/parse/parse-input';
import { syncMailbox } from '@/lib/mail/sync/sync-mailbox';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { createTestMailbox, createTestMessages, randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { signIn } from './helpers/sign-in';

// Issue 20, live mail: what another client does on the mail server shows in the open page without a reload,
// carried from the process that syncs (here the spec's own, as a worker would) to the web server by
// PostgreSQL NOTIFY and to the browser by server-sent events, each checked against the reader's access.
const PASSWORD = 'live-e2e-password';
const FIRST = 'Quarterly figures attached';
const ARRIVING = 'Arrived while you were looking';
const FROM = 'Carl Client <carl@client.example.test>';

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let setup: {
  mailboxId: string;
  email: string;
  owner: { id: string; orgId: string; email: string; password: string };
  grantee: { id: string; orgId: string; email: string; password: string };
};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { admin, employee } = await createOrgWithUsers();
  const email = randomEmail('live');
  await dovecot.addUser(email, PASSWORD);
  await append(email, FIRST);
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: admin.id, email, password: PASSWORD });
  await grantMailboxAccess(getDb(), { actor: cliActor, mailboxId: mailbox.id, userId: employee.id, level: 'read' });
  setup = { mailboxId: mailbox.id, email, owner: admin, grantee: employee };
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

async function append(user: string, subject: string) {
  const date = new Date();
  await appendMessages({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    user,
    password: PASSWORD,
    messages: [{ raw: generateMessage({ subject, date, from: FROM, to: user }), internalDate: date }],
  });
}

/**
 * Brings the server's change into the database the way a worker's incremental sync does, from another process
 * than the web server's. A sync the app runs at the same moment holds the mailbox's lock (ours is then skipped):
 * the change lands either way, so wait for the database to have it.
 */
async function syncUntil(done: () => Promise<boolean>) {
  await expect
    .poll(
      async () => {
        await syncMailbox(getDb(), { mailboxId: setup.mailboxId, parser: inProcessParser });
        return done();
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

const hasMessage = (subject: string) => async () =>
  (
    await getDb()
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.mailboxId, setup.mailboxId), eq(messages.subject, subject)))
  ).length > 0;

const row = (page: Page, subject: string) => page.getByRole('row').filter({ hasText: subject });

async function openInbox(page: Page, who: { email: string; password: string }) {
  await signIn(page, who.email, who.password);
  await page.waitForURL(/\/mail/);
  await expect(row(page, FIRST)).toBeVisible();
}

type Recorded = { id: number; mailboxId: string; kind: string };

/** A second event stream in the page, recording what this session is sent (the page's own one refreshes it). */
async function recordEvents(page: Page) {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const w = window as unknown as { liveEvents: Recorded[] };
        w.liveEvents = [];
        const source = new EventSource('/api/mail/events');
        source.addEventListener('ready', () => resolve());
        source.onmessage = (message) => w.liveEvents.push(JSON.parse(message.data) as Recorded);
      }),
  );
  return () => page.evaluate(() => (window as unknown as { liveEvents: Recorded[] }).liveEvents);
}

test('a message appended on the server appears at the top of the open list without a reload, and the counts follow', async ({
  page,
}) => {
  await openInbox(page, setup.owner);
  const inboxCount = page.getByRole('navigation', { name: 'Folders' }).getByRole('img', { name: /unread/ });
  await expect(inboxCount).toHaveAccessibleName('1 unread');
  await expect(page).toHaveTitle(/^\(1\) /);
  // Gone if the page reloads.
  await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

  await append(setup.email, ARRIVING);
  await syncUntil(hasMessage(ARRIVING));

  const rows = page.getByRole('row').filter({ hasText: new RegExp(`${ARRIVING}|${FIRST}`) });
  await expect(rows.first()).toContainText(ARRIVING);
  await expect(inboxCount).toHaveAccessibleName('2 unread');
  await expect(page).toHaveTitle(/^\(2\) /);
  expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
});

test('a flag set by another mail client shows in the open list', async ({ page }) => {
  await openInbox(page, setup.owner);
  await expect(row(page, FIRST).getByRole('img', { name: 'Flagged' })).toHaveCount(0);
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    secure: false,
    auth: { user: setup.email, pass: PASSWORD },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const uids = await client.search({ subject: FIRST }, { uid: true });
      expect(uids).not.toEqual(false);
      await client.messageFlagsAdd(uids as number[], ['\\Flagged'], { uid: true });
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
  await syncUntil(async () => {
    const [message] = await getDb()
      .select({ flagged: messages.flagged })
      .from(messages)
      .where(and(eq(messages.mailboxId, setup.mailboxId), eq(messages.subject, FIRST)));
    return message?.flagged === true;
  });
  await expect(row(page, FIRST).getByRole('img', { name: 'Flagged' })).toBeVisible();
});

test('a grantee whose access is revoked stops getting the mailbox’s events at once', async ({ page, browser }) => {
  await openInbox(page, setup.owner);
  const ownerEvents = await recordEvents(page);
  const granteeContext = await browser.newContext();
  const granteePage = await granteeContext.newPage();
  await openInbox(granteePage, setup.grantee);
  const granteeEvents = await recordEvents(granteePage);
  // A mailbox of the grantee's own, whose events keep coming after the revoke.
  const own = await createTestMailbox(getDb(), {
    orgId: setup.grantee.orgId,
    ownerUserId: setup.grantee.id,
    // No server behind it: disabled, so that no worker tries to reach one.
    status: 'disabled',
  });

  await append(setup.email, 'Before the revoke');
  await syncUntil(hasMessage('Before the revoke'));
  await expect.poll(async () => (await granteeEvents()).some((e) => e.mailboxId === setup.mailboxId)).toBe(true);

  await revokeMailboxAccess(getDb(), { actor: cliActor, mailboxId: setup.mailboxId, userId: setup.grantee.id });
  // Every event after this one was written after the revoke, and so checked against it when sent.
  const seenBefore = await latestMailEventId(getDb());
  await append(setup.email, 'After the revoke');
  await syncUntil(hasMessage('After the revoke'));
  await expect.poll(async () => (await ownerEvents()).some((e) => e.id > seenBefore && e.kind === 'new')).toBe(true);

  // Events reach a tab in order: once the grantee has this later one, anything sent before it has arrived too.
  await createTestMessages(getDb(), { orgId: setup.grantee.orgId, mailboxId: own.id, count: 1 });
  await expect.poll(async () => (await granteeEvents()).some((e) => e.mailboxId === own.id)).toBe(true);
  expect((await granteeEvents()).filter((e) => e.mailboxId === setup.mailboxId && e.id > seenBefore)).toEqual([]);
  await expect(granteePage.getByText('After the revoke')).toHaveCount(0);
  await granteeContext.close();
});

test('new-mail notifications are chosen per mailbox in Settings, after the browser allows them', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['notifications']);
  await openInbox(page, setup.owner);
  await page.goto('/settings');
  const subscribed = async () =>
    (
      await getDb()
        .select()
        .from(mailNotificationSubscriptions)
        .where(
          and(
            eq(mailNotificationSubscriptions.userId, setup.owner.id),
            eq(mailNotificationSubscriptions.mailboxId, setup.mailboxId),
          ),
        )
    ).length === 1;
  const choice = page.getByRole('group', { name: 'Browser notifications for new mail' }).getByLabel(setup.email);
  await expect(choice).not.toBeChecked();
  await choice.click();
  await expect(choice).toBeChecked();
  await expect.poll(subscribed).toBe(true);
  await page.reload();
  await expect(choice).toBeChecked();
  await choice.click();
  await expect(choice).not.toBeChecked();
  await expect.poll(subscribed).toBe(false);
});
