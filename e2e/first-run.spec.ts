import { expect, test } from '@playwright/test';
import { expectShell, signIn } from './helpers/sign-in';

test('first visit: setup creates the organization and admin, then sign out and back in', async ({ page }) => {
  // The first page of a fresh server compiles nothing but warms every cache, and the strength estimator's
  // dictionaries load on first input: on a loaded 2-core machine this takes longer than the default minute.
  test.slow();
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Set up Mailroom' })).toBeVisible();
  await expect(page.getByLabel('Plan')).toHaveValue('trial');

  await page.getByLabel('Organization name').fill('Acme Logistics');
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@acme.example.test');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create organization' }).click();
  // The browser's own check stops a too-short password before it is sent.
  await expect(page).toHaveURL(/\/setup$/);

  // The strength rule, live: weak passwords and ones made of the name or e-mail say why, and are not sent.
  const strength = page.getByTestId('password-strength');
  const refused: Array<[string, string]> = [
    ['aaaaaaaaaa', 'This password is too easy to guess'],
    ['password123!', 'This password is too easy to guess'],
    ['ada@acme.example.test', 'The password must not contain your e-mail address or your name.'],
    ['Lovelace1815!', 'The password must not contain your e-mail address or your name.'],
  ];
  for (const [password, reason] of refused) {
    await page.getByLabel('Password').fill(password);
    await expect(strength).toContainText(reason);
    await page.getByRole('button', { name: 'Create organization' }).click();
    await expect(page).toHaveURL(/\/setup$/);
    await expect(page.getByLabel('Organization name')).toHaveValue('Acme Logistics');
  }

  await page.getByLabel('Password').fill('correct horse battery');
  await expect(strength).toHaveText('Strong password.');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expectShell(page, 'Acme Logistics', 'Ada Lovelace');
  await expect(page.getByText('Trial: 15 days left')).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const section of ['Mail', 'Tasks', 'CRM', 'Calendar', 'Chat', 'Feed', 'Settings']) {
    await expect(nav.getByRole('link', { name: section, exact: true })).toBeVisible();
  }
  // Every section is a working page.
  for (const [section, heading] of [
    ['Tasks', 'Tasks'],
    ['CRM', 'CRM'],
    ['Calendar', 'Calendar'],
    ['Chat', 'Chat'],
    ['Feed', 'Feed'],
  ]) {
    await nav.getByRole('link', { name: section, exact: true }).click();
    await expect(page.getByRole('heading', { name: heading, exact: true }).first()).toBeVisible();
  }

  // Setup cannot be run a second time.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/mail$/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, 'ADA@acme.example.test', 'correct horse battery');
  await expectShell(page, 'Acme Logistics', 'Ada Lovelace');
});
