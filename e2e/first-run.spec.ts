import { expect, test } from '@playwright/test';
import { expectShell, signIn } from './helpers/sign-in';

test('first visit: setup creates the organization and admin, then sign out and back in', async ({ page }) => {
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

  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expectShell(page, 'Acme Logistics', 'Ada Lovelace');
  await expect(page.getByText('Trial: 15 days left')).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const section of ['Mail', 'Tasks', 'CRM', 'Calendar', 'Chat', 'Feed', 'Settings']) {
    await expect(nav.getByRole('link', { name: section, exact: true })).toBeVisible();
  }
  // Every section is a working page.
  for (const [section, heading] of [['Tasks', 'Tasks'], ['CRM', 'CRM'], ['Calendar', 'Calendar'], ['Chat', 'Chat'], ['Feed', 'Feed']]) {
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
