import { expect, test } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { getDb } from '@/db/client';
import { mailboxes, mailFolders } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { signIn } from './helpers/sign-in';
import { openMail } from './helpers/open-mail';

const PASSWORD = 'compose-e2e-password';
const CLIENT = 'emilie.dubois@client.example.test';

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let account: {
  employee: { email: string; password: string; name: string };
  inboxId: number;
  email: string;
  mailboxId: string;
};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { employee } = await createOrgWithUsers();
  const email = randomEmail('compose');
  await dovecot.addUser(email, PASSWORD);
  await appendMessages({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    user: email,
    password: PASSWORD,
    folder: 'INBOX',
    messages: [
      {
        raw: generateMessage({ subject: 'Devis', from: `Émilie Dubois <${CLIENT}>`, to: email, date: new Date() }),
        internalDate: new Date(),
      },
    ],
  });
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  // A signature as the editor writes it; no sender name, so the user's name is the default.
  await getDb()
    .update(mailboxes)
    .set({ signatureHtml: '<p>Eve at ACME</p>', senderName: null })
    .where(eq(mailboxes.id, mailbox.id));
  const [inbox] = await getDb()
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, 'inbox')));
  account = { employee, inboxId: inbox!.id, email, mailboxId: mailbox.id };
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

test('a correspondent is suggested as the address is typed, picked with the mouse, and the mail goes out under the user’s name', async ({
  page,
}) => {
  // Sending starts the HTML workers and talks to two servers: on a loaded CI machine that takes a while.
  test.slow();
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
  await openMail(page, `/mail?folder=${account.inboxId}`);
  await page.getByRole('button', { name: 'Compose', exact: true }).first().click();
  const compose = page.getByRole('dialog', { name: 'New message' });
  const editor = compose.getByRole('textbox', { name: 'Message' });
  // The signature as written, with no "--" of the app's own.
  await expect(editor).toContainText('Eve at ACME');
  await expect(editor).not.toContainText('--');

  const to = compose.getByRole('combobox', { name: 'To' });
  await to.click();
  await page.keyboard.type('emi');
  const suggestions = compose.getByRole('listbox', { name: 'Suggestions' });
  const option = suggestions.getByRole('option', { name: /Émilie Dubois/ });
  await expect(option).toBeVisible();
  await expect(to).toHaveAttribute('aria-expanded', 'true');
  await option.click();
  await expect(to).toHaveValue(`Émilie Dubois <${CLIENT}>, `);
  await expect(suggestions).toBeHidden();

  const subject = `Autocomplete ${Date.now()}`;
  await compose.getByLabel('Subject').fill(subject);
  await editor.click();
  await page.keyboard.type('Bonjour Émilie');
  await compose.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Message sent.')).toBeVisible({ timeout: 90_000 });
  const captured = await smtp.waitForMessage((m) => m.raw.toString().includes(subject));
  const parsed = await simpleParser(captured.raw);
  expect(parsed.from?.value).toEqual([{ name: account.employee.name, address: account.email }]);
  expect(captured.envelope.to).toEqual([CLIENT]);
  expect(parsed.text).not.toMatch(/^--/m);
});

test('a saved draft is in the Drafts folder at once', async ({ page }) => {
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
  await openMail(page, `/mail?folder=${account.inboxId}`);
  await page.getByRole('button', { name: 'Compose', exact: true }).first().click();
  const compose = page.getByRole('dialog', { name: 'New message' });
  const subject = `Draft ${Date.now()}`;
  await compose.getByLabel('Subject').fill(subject);
  await expect(compose.getByText('Draft saved')).toBeVisible({ timeout: 30_000 });
  page.once('dialog', (dialog) => void dialog.accept());
  await compose.getByRole('button', { name: 'Close' }).click();
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('button', { name: /^Drafts/ })
    .click();
  await expect(page.getByRole('row').filter({ hasText: subject })).toBeVisible();
});

test('the signature is written in a small rich-text editor and saved as sanitized HTML', async ({ page }) => {
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
  await page.goto(`/settings/mailboxes/${account.mailboxId}`);
  const form = page.getByTestId('mailbox-profile-form');
  const editor = form.getByRole('textbox', { name: 'Signature' });
  await expect(editor).toContainText('Eve at ACME');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Eve Employee ');
  await form.getByRole('button', { name: 'Bold' }).click();
  await page.keyboard.type('ACME');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Saved.')).toBeVisible();
  const [saved] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, account.mailboxId));
  expect(saved!.signatureHtml).toMatch(/^<p>Eve Employee(\s|&nbsp;)?<strong>ACME<\/strong><\/p>$/);
});
