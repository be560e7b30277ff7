import { expect, test } from '@playwright/test';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { expectShell, signIn } from './helpers/sign-in';
import { setPasswordPathIn, systemMailsTo, waitForSystemMail } from './helpers/system-mail';

const NEW_PASSWORD = 'copper meadow signal 5530 drift';
const SENT = 'If an account exists for that address, we sent a link to it.';

test('forgot password: the mailed link sets a new password and signs out every old session', async ({
  page,
  browser,
}) => {
  // Four password hashes and the first password-strength check on a shared 2-core machine.
  test.slow();
  const { org, employee } = await createOrgWithUsers();
  // Signed in elsewhere before the reset: that session must end.
  await signIn(page, employee.email, employee.password);
  await expectShell(page, org.name, 'Eve Employee');

  const visitor = await (await browser.newContext()).newPage();
  const unknown = randomEmail('nobody');
  for (const email of [unknown, employee.email]) {
    await visitor.goto('/forgot-password');
    await visitor.getByLabel('Email').click();
    await visitor.getByLabel('Email').fill(email);
    await visitor.getByRole('button', { name: 'Send reset link' }).click();
    await expect(visitor.getByText(SENT)).toBeVisible();
  }

  const mail = await waitForSystemMail(employee.email, 'password-reset');
  expect(mail.subject).toBe('Reset your Mailroom password');
  await visitor.goto(setPasswordPathIn(mail));
  await expect(visitor.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await visitor.getByLabel('New password').fill(NEW_PASSWORD);
  await visitor.getByLabel('Repeat the password').fill(NEW_PASSWORD);
  await visitor.getByRole('button', { name: 'Set password' }).click();
  await expect(visitor.getByText('Your password is set.')).toBeVisible();

  // The old session is gone; the old password no longer works; the new one does.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, employee.email, employee.password);
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await signIn(page, employee.email, NEW_PASSWORD);
  await expectShell(page, org.name, 'Eve Employee');

  await visitor.goto(setPasswordPathIn(mail));
  await expect(visitor.getByTestId('link-used-up')).toBeVisible();
  expect(await systemMailsTo(unknown, 'password-reset')).toEqual([]);
});
