import { expect, test, type Browser, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailFolders, messages } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { createTestUser, randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { signIn } from './helpers/sign-in';
import { openMail } from './helpers/open-mail';

// SPEC §1, §3 and issue 8: an admin shares a colleague's mailbox with an employee, changes the level, revokes
// it, and cannot read the mail without a grant; every step is in the audit log; a deactivated user is signed out.
const PASSWORD = 'shared-e2e-password';
const SUBJECT = 'Order 4711 confirmed';

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let setup: {
  mailbox: { id: string; email: string };
  inboxId: number;
  messageId: number;
  admin: { email: string; password: string };
  employee: { email: string; password: string };
};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { org, admin, employee } = await createOrgWithUsers();
  const owner = await createTestUser(getDb(), { orgId: org.id, name: 'Olga Owner' });
  const email = randomEmail('sales');
  await dovecot.addUser(email, PASSWORD);
  const date = new Date(Date.now() - 3_600_000);
  await appendMessages({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    user: email,
    password: PASSWORD,
    messages: [
      {
        raw: generateMessage({ subject: SUBJECT, date, from: 'Carl Client <carl@client.example.test>', to: email }),
        internalDate: date,
      },
    ],
  });
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: owner.id, email, password: PASSWORD });
  const [inbox] = await getDb()
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, 'inbox')));
  const [message] = await getDb()
    .select()
    .from(messages)
    .where(and(eq(messages.folderId, inbox!.id), eq(messages.subject, SUBJECT)));
  setup = { mailbox: { id: mailbox.id, email }, inboxId: inbox!.id, messageId: message!.id, admin, employee };
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

async function signedIn(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who.email, who.password);
  await page.waitForURL(/\/mail/);
  return page;
}

async function setLevel(admin: Page, level: 'Read' | 'Send') {
  await admin.goto(`/settings/mailboxes/${setup.mailbox.id}`);
  const access = admin.getByTestId('mailbox-access');
  const row = access.locator(`[data-testid="access-row"][data-email="${setup.employee.email}"]`);
  if ((await row.count()) === 0) {
    const form = access.getByTestId('grant-access-form');
    await form.getByLabel('Colleague').selectOption({ label: `Eve Employee <${setup.employee.email}>` });
    await form.getByLabel('Access level').selectOption({ label: level });
    await form.getByRole('button', { name: 'Give access' }).dblclick();
  } else {
    // The select shows the new level at once; the server action saving it is what the next step needs.
    const saved = admin.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes(`/settings/mailboxes/${setup.mailbox.id}`),
    );
    await row.getByRole('combobox').selectOption({ label: level });
    await saved;
  }
  await expect(row.getByRole('combobox')).toHaveValue(level.toLowerCase());
}

const folderPane = (page: Page) => page.getByRole('navigation', { name: 'Folders' });

test('shared at read, upgraded to send, revoked; the admin reads only with a grant; the audit log has every step', async ({
  browser,
}) => {
  const admin = await signedIn(browser, setup.admin);

  // The admin sees the mailbox among the organization's, manages it, but cannot read its mail.
  await admin.goto('/settings/mailboxes');
  await expect(admin.locator(`[data-testid="org-mailbox-row"][data-email="${setup.mailbox.email}"]`)).toContainText(
    'Olga Owner',
  );
  const forbidden = await admin.request.get(`/api/mail/messages/${setup.messageId}`);
  expect(forbidden.status()).toBe(403);
  expect(await forbidden.text()).not.toContain(SUBJECT);
  expect((await forbidden.json()).error.message).toBe(
    'Administrators manage this mailbox but cannot read its mail without being granted access.',
  );
  await admin.goto(`/mail?folder=${setup.inboxId}&m=${setup.messageId}`);
  await expect(admin.getByText('you read one only after giving yourself access')).toBeVisible();
  await expect(admin.getByText(SUBJECT)).toHaveCount(0);

  // Read: the employee sees the mailbox and its mail, but may not send from it.
  await setLevel(admin, 'Read');
  const employee = await signedIn(browser, setup.employee);
  await expect(folderPane(employee)).toContainText(setup.mailbox.email);
  await openMail(employee, `/mail?folder=${setup.inboxId}&m=${setup.messageId}`);
  await expect(
    employee.getByRole('region', { name: 'Message', exact: true }).getByRole('heading', { name: SUBJECT }),
  ).toBeVisible();
  await employee.getByRole('button', { name: 'Compose' }).first().click();
  await expect(employee.getByRole('dialog', { name: 'New message' })).toContainText(
    'You have no mailbox you may send from.',
  );
  const refused = await employee.request.post('/api/mail/send', {
    headers: { origin: new URL(employee.url()).origin },
    data: {
      mailboxId: setup.mailbox.id,
      clientKey: 'e2e-refused-send',
      to: ['someone@example.test'],
      subject: 'Not allowed',
      html: '<p>x</p>',
    },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toBe('You may read this mailbox but not send from it.');

  // Send: the same employee now sends as the shared mailbox.
  await setLevel(admin, 'Send');
  await openMail(employee, `/mail?folder=${setup.inboxId}`);
  await employee.getByRole('button', { name: 'Compose' }).first().click();
  const compose = employee.getByRole('dialog', { name: 'New message' });
  await expect(compose.getByLabel('From')).toHaveValue(setup.mailbox.id);
  await compose.getByLabel('To', { exact: true }).fill('carl@client.example.test');
  await compose.getByLabel('Subject').fill('Your order ships tomorrow');
  await compose.getByRole('textbox', { name: 'Message' }).fill('Hello Carl, it ships tomorrow.');
  await compose.getByRole('button', { name: 'Send' }).click();
  await expect(employee.getByText('Message sent.')).toBeVisible({ timeout: 30_000 });
  const sent = await smtp.waitForMessage((m) => m.raw.toString().includes('Your order ships tomorrow'));
  expect(sent.envelope.from).toBe(setup.mailbox.email);

  // Revoked: gone from the folder list at the next request, and the message is not found any more.
  await admin.goto(`/settings/mailboxes/${setup.mailbox.id}`);
  await admin
    .locator(`[data-testid="access-row"][data-email="${setup.employee.email}"]`)
    .getByRole('button', { name: 'Remove access' })
    .click();
  await expect(admin.locator(`[data-testid="access-row"][data-email="${setup.employee.email}"]`)).toHaveCount(0);
  await employee.goto('/mail');
  await expect(employee.getByText('You have no mailbox to read yet.')).toBeVisible();
  await expect(employee.getByText(setup.mailbox.email)).toHaveCount(0);
  const gone = await employee.request.get(`/api/mail/messages/${setup.messageId}`);
  expect(gone.status()).toBe(404);
  expect(await gone.text()).not.toContain(SUBJECT);

  // The audit log shows each step, the employee's open included.
  await admin.goto('/settings/audit');
  const actions = await admin
    .getByTestId('audit-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
  expect(actions.slice(0, 4)).toEqual([
    'mailbox.access_revoked',
    'mailbox.access_granted',
    'message.opened_shared',
    'mailbox.access_granted',
  ]);
  await expect(admin.getByTestId('audit-row').filter({ hasText: SUBJECT })).toHaveCount(1);
  await admin.getByTestId('audit-filter-form').getByLabel('Type').selectOption({ label: 'Access' });
  await admin.getByTestId('audit-filter-form').getByRole('button', { name: 'Filter' }).click();
  await expect(admin.getByTestId('audit-row')).toHaveCount(4);
  const csv = await admin.request.get(`/api/audit/export?group=access`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain(SUBJECT);
});

test('a user deactivated in Settings → Users is signed out at their next request', async ({ browser }) => {
  const admin = await signedIn(browser, setup.admin);
  const employee = await signedIn(browser, setup.employee);
  await admin.goto('/settings/users');
  admin.once('dialog', (dialog) => void dialog.accept());
  await admin
    .locator(`[data-testid="user-row"][data-email="${setup.employee.email}"]`)
    .getByRole('button', { name: 'Deactivate' })
    .click();
  await expect(admin.locator(`[data-testid="user-row"][data-email="${setup.employee.email}"]`)).toContainText(
    'Deactivated',
  );
  await employee.goto('/mail');
  await expect(employee).toHaveURL(/\/sign-in/);
  await admin.goto('/settings/audit');
  await expect(admin.getByTestId('audit-row').first()).toHaveAttribute('data-action', 'user.deactivated');
});
