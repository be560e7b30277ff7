import { expect, test } from '@playwright/test';
import { eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { authSessions, signInFailures } from '@/db/schema';
import { cliActor } from '@/lib/access/actor';
import { deactivateUser } from '@/lib/users/deactivate-user';
import { createOrgWithUsers } from './helpers/db';
import { expectShell, signIn, signOut } from './helpers/sign-in';

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

test('strangers who lock an account do not lock out the browser that signed in to it before', async ({
  page,
  browser,
}) => {
  const { org, admin } = await createOrgWithUsers();
  await signIn(page, admin.email, admin.password);
  await expectShell(page, org.name, 'Erin Admin');
  const device = (await page.context().cookies()).find((cookie) => cookie.name === 'mailroom-device');
  // Over http (the configured public URL here) the cookie cannot be Secure; it is never readable by scripts.
  expect(device).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
  await signOut(page);

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  for (let i = 0; i < 5; i++) {
    await signIn(strangerPage, admin.email, `stranger guess ${i}`);
    await expect(strangerPage.getByText('Wrong email or password.')).toBeVisible();
  }
  await signIn(strangerPage, admin.email, admin.password);
  await expect(strangerPage.getByText('Too many failed sign-ins. Wait 15 minutes and try again.')).toBeVisible();
  await stranger.close();

  await signIn(page, admin.email, admin.password);
  await expectShell(page, org.name, 'Erin Admin');
  // The run shares 127.0.0.1's per-address allowance: this test's failures go with it.
  await getDb().delete(signInFailures).where(eq(signInFailures.email, admin.email));
});

test('the session payload page scripts can read holds no session id', async ({ page }) => {
  const { org, employee } = await createOrgWithUsers();
  await signIn(page, employee.email, employee.password);
  await expectShell(page, org.name, 'Eve Employee');
  const response = await page.request.get('/api/auth/session');
  expect(response.status()).toBe(200);
  const body = await response.text();
  const session = JSON.parse(body) as Record<string, unknown>;
  expect(Object.keys(session).sort()).toEqual(['expires', 'user']);
  expect(session.user).toEqual({ name: 'Eve Employee', email: employee.email });
  const rows = await getDb()
    .select({ idHash: authSessions.idHash })
    .from(authSessions)
    .where(inArray(authSessions.userId, [employee.id]));
  expect(rows.length).toBeGreaterThan(0);
  for (const { idHash } of rows) expect(body).not.toContain(idHash);
  expect(body).not.toMatch(/"sid"/);
  // And the session still works for the server, which reads the id from the cookie itself.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings$/);
});

test('the sign-in form links to password reset', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
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
  // A new user follows the browser until they choose.
  await expect(page.getByLabel('Language')).toHaveValue('');
  await page.getByLabel('Language').selectOption('en');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Language')).toHaveValue('en');
});

test('the health endpoint reports the database', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true, db: 'ok' });
  expect(response.headers()['cache-control']).toBe('no-store');
});
