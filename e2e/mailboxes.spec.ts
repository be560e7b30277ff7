import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailboxes, messages } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { signIn } from './helpers/sign-in';

let dovecot: DovecotServer;
let smtp: SmtpCapture;
test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
});
test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

test('an employee connects a mailbox; a wrong password is refused, the right one imports the mail', async ({
  page,
}) => {
  const { employee } = await createOrgWithUsers();
  const email = randomEmail('e2e-box');
  await dovecot.addUser(email, 'the-right-password');
  await appendMessages({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    user: email,
    password: 'the-right-password',
    messages: Array.from({ length: 5 }, (_, i) => ({ raw: generateMessage({ subject: `Welcome ${i}` }) })),
  });

  await signIn(page, employee.email, employee.password);
  await expect(page).toHaveURL(/\/mail$/);
  await page.goto('/settings/mailboxes');
  await expect(page.getByText('No mailbox connected yet.')).toBeVisible();

  const form = page.getByTestId('connect-mailbox');
  await form.getByLabel('Provider').selectOption('other');
  await form.getByLabel('E-mail address', { exact: true }).fill(email);
  await form.getByLabel('Password', { exact: true }).fill('a-wrong-password');
  await form.locator('#imapHost').fill('127.0.0.1');
  await form.locator('#imapPort').fill(String(dovecot.imapPort));
  await form.locator('#imapSecurity').selectOption('none');
  await expect(form.getByText('only allowed for servers the operator of this Mailroom has allowed')).toBeVisible();
  await form.locator('#smtpHost').fill('127.0.0.1');
  await form.locator('#smtpPort').fill(String(smtp.port));
  await form.locator('#smtpSecurity').selectOption('none');
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(form.getByRole('alert')).toContainText('The IMAP server 127.0.0.1 refused the user name or password.');

  // The form kept what was typed; only the password changes.
  await expect(form.locator('#imapPort')).toHaveValue(String(dovecot.imapPort));
  await form.getByLabel('Password', { exact: true }).fill('the-right-password');
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(form.getByText(`${email} is connected; the import has started.`)).toBeVisible();

  const card = page.locator(`[data-testid="mailbox-card"][data-email="${email}"]`);
  await expect(card.getByTestId('mailbox-state')).toContainText('Up to date · Last sync', { timeout: 30_000 });
  const imported = await getDb()
    .select({ subject: messages.subject })
    .from(messages)
    .innerJoin(mailboxes, eq(mailboxes.id, messages.mailboxId))
    .where(eq(mailboxes.email, email));
  expect(imported.map((m) => m.subject).sort()).toEqual([
    'Welcome 0',
    'Welcome 1',
    'Welcome 2',
    'Welcome 3',
    'Welcome 4',
  ]);
});
