import { expect, test } from '@playwright/test';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { expectShell, signIn } from './helpers/sign-in';
import { setPasswordPathIn, waitForSystemMail } from './helpers/system-mail';

const NEW_PASSWORD = 'amber falcon ledger 2291 quay';

test('an admin invites someone; the mailed link sets their password once, and they sign in', async ({
  page,
  browser,
}) => {
  // Four password hashes and the first password-strength check on a shared 2-core machine.
  test.slow();
  const { org, admin } = await createOrgWithUsers();
  const email = randomEmail('invited');
  await signIn(page, admin.email, admin.password);
  await expectShell(page, org.name, 'Erin Admin');
  await page.goto('/settings/users');
  const form = page.getByTestId('invite-user-form');
  await form.getByLabel('Name').click();
  await form.getByLabel('Name').fill('Ivo Invited');
  await form.getByLabel('E-mail address').fill(email);
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(form.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await expect(row.getByTestId('pending-invitation')).toContainText('Invitation not accepted yet');

  const mail = await waitForSystemMail(email, 'invitation');
  expect(mail.subject).toBe(`You are invited to ${org.name} on Mailroom`);
  const link = setPasswordPathIn(mail);

  // The invited person, in a browser of their own.
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole('heading', { name: 'Welcome to Mailroom, Ivo Invited' })).toBeVisible();
  await invitee.getByLabel('New password').fill('ivo invited 123');
  await invitee.getByLabel('Repeat the password').fill('ivo invited 123');
  await invitee.getByRole('button', { name: 'Set password' }).click();
  await expect(invitee.getByText('The password must not contain your e-mail address or your name.')).toBeVisible();
  await invitee.getByLabel('New password').fill(NEW_PASSWORD);
  await invitee.getByLabel('Repeat the password').fill(NEW_PASSWORD);
  await invitee.getByRole('button', { name: 'Set password' }).click();
  await expect(invitee.getByText(`Your password is set. Sign in as ${email}.`)).toBeVisible();
  await invitee.getByRole('link', { name: 'Sign in' }).click();
  await expect(invitee).toHaveURL(/\/sign-in$/);
  await invitee.getByLabel('Email').fill(email);
  await invitee.getByLabel('Password').fill(NEW_PASSWORD);
  await invitee.getByRole('button', { name: 'Sign in' }).click();
  await expectShell(invitee, org.name, 'Ivo Invited');

  // The link worked once.
  const other = await (await browser.newContext()).newPage();
  await other.goto(link);
  await expect(other.getByTestId('link-used-up')).toContainText('This link has expired or was already used.');
  await page.reload();
  await expect(row).toBeVisible();
  await expect(row.getByTestId('pending-invitation')).toHaveCount(0);
});

test('a lost invitation is resent; only the newest link works', async ({ page, browser }) => {
  const { admin } = await createOrgWithUsers();
  const email = randomEmail('resent');
  await signIn(page, admin.email, admin.password);
  await expect(page).toHaveURL(/\/mail$/);
  await page.goto('/settings/users');
  const form = page.getByTestId('invite-user-form');
  await form.getByLabel('E-mail address').click();
  await form.getByLabel('E-mail address').fill(email);
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(form.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const first = setPasswordPathIn(await waitForSystemMail(email, 'invitation', 1));

  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await row.getByRole('button', { name: 'Resend invitation' }).click();
  await expect(row.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const second = setPasswordPathIn(await waitForSystemMail(email, 'invitation', 2));
  expect(second).not.toBe(first);

  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(first);
  await expect(invitee.getByTestId('link-used-up')).toBeVisible();
  await invitee.goto(second);
  await expect(invitee.getByRole('button', { name: 'Set password' })).toBeVisible();
});

test('an admin signs a user out everywhere from Settings → Users', async ({ page, browser }) => {
  const { org, admin, employee } = await createOrgWithUsers();
  const employeePage = await (await browser.newContext()).newPage();
  await signIn(employeePage, employee.email, employee.password);
  await expectShell(employeePage, org.name, 'Eve Employee');

  await signIn(page, admin.email, admin.password);
  await expectShell(page, org.name, 'Erin Admin');
  await page.goto('/settings/users');
  const row = page.locator(`[data-testid="user-row"][data-email="${employee.email}"]`);
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(row.getByText('Signed out on 1 device.')).toBeVisible();
  await employeePage.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  await expect(employeePage).toHaveURL(/\/sign-in/);
});
