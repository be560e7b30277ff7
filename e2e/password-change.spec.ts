import { expect, test, type Page } from '@playwright/test';
import { createOrgWithUsers } from './helpers/db';
import { expectShell, signIn, signOut } from './helpers/sign-in';

const OWN_PASSWORD = 'harbor quilt meadow 6618 ember';
const CHOSEN_PASSWORD = 'violet canyon relay 3390 thistle';

// Fields are clicked before typing, so a control covered by something else fails the test.
async function type(page: Page, label: string, value: string) {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await field.fill(value);
}

test('a user changes their own password in Settings → Profile and signs in with the new one', async ({ page }) => {
  // Several password hashes and the first password-strength check on a shared 2-core machine.
  test.slow();
  const { org, employee } = await createOrgWithUsers();
  await signIn(page, employee.email, employee.password);
  await expectShell(page, org.name, 'Eve Employee');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  const form = page.getByTestId('change-password');

  await type(page, 'Current password', 'not the password');
  await type(page, 'New password', OWN_PASSWORD);
  await type(page, 'Repeat the new password', OWN_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Your current password is not right.')).toBeVisible();

  await type(page, 'Current password', employee.password);
  await type(page, 'New password', OWN_PASSWORD);
  await expect(form.getByTestId('password-strength')).toBeVisible();
  await type(page, 'Repeat the new password', OWN_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Your password is changed.')).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue('');

  // Still signed in here; the old password is gone, the new one works.
  await signOut(page);
  await signIn(page, employee.email, employee.password);
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await signIn(page, employee.email, OWN_PASSWORD);
  await expectShell(page, org.name, 'Eve Employee');
});

test('an admin sets a temporary password; the user must choose their own before reaching the mail', async ({
  page,
  browser,
}) => {
  test.slow();
  const { org, admin, employee } = await createOrgWithUsers();
  await signIn(page, admin.email, admin.password);
  await expectShell(page, org.name, 'Erin Admin');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Users' }).click();
  const row = page.locator(`[data-testid="user-row"][data-email="${employee.email}"]`);
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Set temporary password' }).click();
  const temporary = await row.getByTestId('temporary-password').inputValue();
  expect(temporary.length).toBeGreaterThanOrEqual(20);
  // No such button for oneself: an admin changes their own password in the profile.
  await expect(
    page.locator(`[data-testid="user-row"][data-email="${admin.email}"]`).getByRole('button', {
      name: 'Set temporary password',
    }),
  ).toHaveCount(0);

  const user = await (await browser.newContext()).newPage();
  await signIn(user, employee.email, temporary);
  await expect(user).toHaveURL(/\/change-password$/);
  await expect(user.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
  // Nothing else is reachable until then: pages come back here, the API answers 403 with the reason.
  await user.goto('/settings');
  await expect(user).toHaveURL(/\/change-password$/);
  const api = await user.request.get('/api/colleagues');
  expect(api.status()).toBe(403);
  expect(await api.json()).toMatchObject({ error: { details: { reason: 'password_change_required' } } });

  await type(user, 'New password', temporary);
  await type(user, 'Repeat the new password', temporary);
  await user.getByRole('button', { name: 'Set my password' }).click();
  await expect(user.getByText('Choose a password of your own, not the temporary one.')).toBeVisible();
  await type(user, 'New password', CHOSEN_PASSWORD);
  await type(user, 'Repeat the new password', CHOSEN_PASSWORD);
  await user.getByRole('button', { name: 'Set my password' }).click();
  await expectShell(user, org.name, 'Eve Employee');
  await user.goto('/settings');
  await expect(user).toHaveURL(/\/settings$/);
});
