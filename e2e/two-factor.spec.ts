import { expect, test, type Page } from '@playwright/test';
import { eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { signInFailures } from '@/db/schema';
import { cliActor } from '@/lib/access/actor';
import { confirmTwoFactorEnrolment } from '@/lib/auth/two-factor/confirm-enrolment';
import { startTwoFactorEnrolment } from '@/lib/auth/two-factor/start-enrolment';
import { createOrgWithUsers } from './helpers/db';
import { authenticator, enterCode, expectShell, signIn, signOut } from './helpers/sign-in';

// Every sign-in here comes from 127.0.0.1, whose per-address allowance the whole run shares: a test's own
// failures are removed when it ends.
const emailsUsed: string[] = [];
test.afterEach(async () => {
  if (emailsUsed.length > 0)
    await getDb()
      .delete(signInFailures)
      .where(inArray(signInFailures.email, emailsUsed.splice(0)));
});

async function openSecurity(page: Page) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
}

/** Set-up as a user does it: the secret is read from the page as text and codes are made from it. */
async function enrolThroughPage(page: Page) {
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const app = authenticator((await page.getByTestId('totp-secret').textContent())!.trim());
  await page.getByLabel('Code from the app').fill(await app.nextCode());
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('Two-factor sign-in is on.')).toBeVisible();
  const codes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);
  return { app, codes };
}

test('two-factor set-up, then sign-in with a code, and with a recovery code that works once', async ({ page }) => {
  const { org, admin } = await createOrgWithUsers();
  emailsUsed.push(admin.email);
  await signIn(page, admin.email, admin.password);
  await expectShell(page, org.name, 'Erin Admin');
  await openSecurity(page);
  const { app, codes } = await enrolThroughPage(page);
  await page.getByRole('link', { name: 'Done' }).click();
  await expect(page.getByText(/Two-factor sign-in is on since/)).toBeVisible();
  await expect(page.getByText('10 unused recovery codes left.')).toBeVisible();
  await signOut(page);

  // The right password alone is not enough: the form asks for the code.
  await signIn(page, admin.email, admin.password);
  await expect(page.getByText('Enter the code from your authenticator app.')).toBeVisible();
  await expect(page.getByLabel('Authentication code')).toHaveAttribute('autocomplete', 'one-time-code');
  await enterCode(page, await app.nextCode());
  await expectShell(page, org.name, 'Erin Admin');
  await signOut(page);

  for (const attempt of ['first', 'second']) {
    await signIn(page, admin.email, admin.password);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[3]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    if (attempt === 'first') {
      await expectShell(page, org.name, 'Erin Admin');
      await signOut(page);
    } else {
      await expect(page.getByText('That recovery code is not right or was already used.')).toBeVisible();
      await expect(page).toHaveURL(/\/sign-in$/);
    }
  }
});

test('wrong codes are failed sign-ins: after the limit even the right code is refused', async ({ page }) => {
  const { admin } = await createOrgWithUsers();
  emailsUsed.push(admin.email);
  const { secret } = await startTwoFactorEnrolment(getDb(), { userId: admin.id, actor: cliActor });
  const app = authenticator(secret);
  await confirmTwoFactorEnrolment(getDb(), { userId: admin.id, code: await app.nextCode(), actor: cliActor });

  await signIn(page, admin.email, admin.password);
  await expect(page.getByLabel('Authentication code')).toBeVisible();
  const failures = () => getDb().$count(signInFailures, eq(signInFailures.email, admin.email));
  // The password step took one try; four wrong codes take the rest of the five.
  await expect.poll(failures).toBe(1);
  for (const [i, wrong] of ['000001', '000002', '000003', '000004'].entries()) {
    await enterCode(page, wrong);
    // The form empties the field once the answer is in; typing earlier would be undone by that reset.
    await expect(page.getByLabel('Authentication code')).toHaveValue('');
    await expect.poll(failures).toBe(2 + i);
    await expect(
      page.getByText('That code is not right. Enter the current code from your authenticator app.'),
    ).toBeVisible();
  }
  await enterCode(page, await app.nextCode());
  await expect(page.getByText('Too many failed sign-ins. Wait 15 minutes and try again.')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('when the organization requires two-factor, a member without it is sent to set it up and can do nothing else', async ({
  page,
}) => {
  const { org, admin, employee } = await createOrgWithUsers();
  emailsUsed.push(admin.email, employee.email);
  const { secret } = await startTwoFactorEnrolment(getDb(), { userId: admin.id, actor: cliActor });
  const adminApp = authenticator(secret);
  await confirmTwoFactorEnrolment(getDb(), { userId: admin.id, code: await adminApp.nextCode(), actor: cliActor });

  await signIn(page, admin.email, admin.password);
  await enterCode(page, await adminApp.nextCode());
  await expectShell(page, org.name, 'Erin Admin');
  await openSecurity(page);
  await page.getByLabel('Require two-factor sign-in for everyone in the organization').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await signOut(page);

  await signIn(page, employee.email, employee.password);
  await expect(page).toHaveURL(/\/two-factor-setup$/);
  await expect(page.getByRole('heading', { name: 'Set up two-factor sign-in' })).toBeVisible();
  // Nothing else is reachable: pages send the user back, API routes refuse.
  await page.goto('/settings/users');
  await expect(page).toHaveURL(/\/two-factor-setup$/);
  await page.goto('/mail');
  await expect(page).toHaveURL(/\/two-factor-setup$/);
  expect((await page.request.get('/api/colleagues')).status()).toBe(401);

  await enrolThroughPage(page);
  await page.getByRole('link', { name: 'Done' }).click();
  await expectShell(page, org.name, 'Eve Employee');
  expect((await page.request.get('/api/colleagues')).status()).not.toBe(401);
});
