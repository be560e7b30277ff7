import { expect, test } from '@playwright/test';
import { getDb } from '@/db/client';
import { cliActor } from '@/lib/access/actor';
import { deactivateUser } from '@/lib/users/deactivate-user';
import { createOrgWithUsers } from './helpers/db';
import { expectShell, signIn } from './helpers/sign-in';

test('a wrong password is refused with a message, and the email stays filled in', async ({ page }) => {
  const { admin } = await createOrgWithUsers();
  await signIn(page, admin.email, 'not the password');
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel('Email')).toHaveValue(admin.email);
  await expect(page.getByLabel('Password')).toHaveValue('');
});

test('after 5 wrong passwords the account is locked for a while, even against the right one', async ({ page }) => {
  const { admin } = await createOrgWithUsers();
  for (let i = 0; i < 5; i++) {
    await signIn(page, admin.email, `wrong guess ${i}`);
    await expect(page.getByText('Wrong email or password.')).toBeVisible();
  }
  await signIn(page, admin.email, admin.password);
  await expect(page.getByText('Too many failed sign-ins. Wait 15 minutes and try again.')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('a deactivated user is signed out on their next request and cannot sign in again', async ({ page }) => {
  const { org, employee } = await createOrgWithUsers();
  await signIn(page, employee.email, employee.password);
  await expectShell(page, org.name, 'Eve Employee');

  await deactivateUser(getDb(), { userId: employee.id, actor: cliActor });
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, employee.email, employee.password);
  await expect(page.getByText('This account has been deactivated.')).toBeVisible();
});

test('the language setting is saved for the user', async ({ page }) => {
  const { org, admin } = await createOrgWithUsers();
  await signIn(page, admin.email, admin.password);
  await expectShell(page, org.name, 'Erin Admin');
  await page.goto('/settings');
  await expect(page.getByLabel('Language')).toHaveValue('en');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
});

test('the health endpoint reports the database', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true, db: 'ok' });
  expect(response.headers()['cache-control']).toBe('no-store');
});
