import { expect, test } from '@playwright/test';
import { createOrgWithUsers } from './helpers/db';
import { expectShell, signIn } from './helpers/sign-in';

const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

test('a user sees their signed-in devices and signs others out; those browsers are signed out at their next request', async ({
  page,
  browser,
}) => {
  const { org, employee } = await createOrgWithUsers();
  const laptop = await browser.newContext({ userAgent: FIREFOX_ON_LINUX });
  const laptopPage = await laptop.newPage();
  await signIn(laptopPage, employee.email, employee.password);
  await expectShell(laptopPage, org.name, 'Eve Employee');

  await signIn(page, employee.email, employee.password);
  await expectShell(page, org.name, 'Eve Employee');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Sessions' }).click();
  await expect(page).toHaveURL(/\/settings\/sessions$/);

  const rows = page.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  // This device first, marked, and without a button of its own (that is "Sign out" in the header).
  await expect(rows.first()).toContainText('This device');
  await expect(rows.first().getByRole('button')).toHaveCount(0);
  await expect(rows.nth(1)).toContainText('Firefox · Linux');
  await expect(rows.nth(1)).not.toContainText('This device');

  await rows.nth(1).getByRole('button', { name: 'Sign out: Firefox · Linux' }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByText('No other sessions are signed in.')).toBeVisible();
  await laptopPage
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Settings', exact: true })
    .click();
  await expect(laptopPage).toHaveURL(/\/sign-in/);

  // Two more browsers, then "Sign out all other sessions": both are out, this one stays in.
  const others = await Promise.all([browser.newContext({ userAgent: FIREFOX_ON_LINUX }), browser.newContext()]);
  const otherPages = await Promise.all(others.map((context) => context.newPage()));
  for (const other of otherPages) {
    await signIn(other, employee.email, employee.password);
    await expectShell(other, org.name, 'Eve Employee');
  }
  await page.reload();
  await expect(rows).toHaveCount(3);
  await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
  await expect(page.getByText('2 other sessions signed out.')).toBeVisible();
  await expect(rows).toHaveCount(1);
  for (const other of otherPages) {
    await other.reload();
    await expect(other).toHaveURL(/\/sign-in/);
  }
  await page.reload();
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await expect(rows.first()).toContainText('This device');

  await Promise.all([laptop.close(), ...others.map((context) => context.close())]);
});
