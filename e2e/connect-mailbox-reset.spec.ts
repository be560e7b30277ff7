import { expect, test } from '@playwright/test';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
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

test('after a successful connect, the form no longer holds the mailbox password (issue 18)', async ({ page }) => {
  const { employee } = await createOrgWithUsers();
  const email = randomEmail('e2e-reset');
  await dovecot.addUser(email, 'the-right-password');
  await signIn(page, employee.email, employee.password);
  await expect(page).toHaveURL(/\/mail$/);
  await page.goto('/settings/mailboxes');

  const form = page.getByTestId('connect-mailbox');
  await form.getByLabel('Provider').selectOption('other');
  await form.getByLabel('E-mail address', { exact: true }).fill(email);
  await form.getByLabel('Password', { exact: true }).fill('the-right-password');
  await form.locator('#imapHost').fill('127.0.0.1');
  await form.locator('#imapPort').fill(String(dovecot.imapPort));
  await form.locator('#imapSecurity').selectOption('none');
  await form.locator('#smtpHost').fill('127.0.0.1');
  await form.locator('#smtpPort').fill(String(smtp.port));
  await form.locator('#smtpSecurity').selectOption('none');
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(form.getByText(`${email} is connected; the import has started.`)).toBeVisible();

  // Emptied for the next mailbox; the chosen provider stays.
  await expect(form.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(form.getByLabel('E-mail address', { exact: true })).toHaveValue('');
  await expect(form.locator('#imapHost')).toHaveValue('');
  await expect(form.locator('#imapSecurity')).toHaveValue('tls');
  await expect(form.getByLabel('Provider')).toHaveValue('other');
});
