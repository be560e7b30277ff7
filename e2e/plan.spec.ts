import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { createTestMailbox } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { signIn } from './helpers/sign-in';

const limitRow = (page: Page, key: string) => page.getByTestId('limits-table').locator(`tr[data-limit="${key}"]`);

test('an admin previews a downgrade, chooses which mailbox stays, and sees the new limits', async ({ page }) => {
  const { admin, employee, org } = await createOrgWithUsers();
  const db = getDb();
  const boxes = [];
  for (const minutes of [30, 20, 10]) {
    boxes.push(
      await createTestMailbox(db, {
        orgId: org.id,
        ownerUserId: employee.id,
        connectedAt: new Date(Date.now() - minutes * 60_000),
      }),
    );
  }

  await signIn(page, admin.email, admin.password);
  await expect(page).toHaveURL(/\/mail$/);
  await page.goto('/settings/plan');
  await expect(page.getByTestId('current-plan')).toHaveText('Trial');
  await expect(page.getByText('15 days left in the trial.')).toBeVisible();
  await expect(limitRow(page, 'mailboxesPerEmployee')).toContainText(/10\s*3\s*7/);
  await expect(limitRow(page, 'sharedMailboxes')).toContainText(/3\s*0\s*3/);
  await expect(limitRow(page, 'outgoingPerMonth')).toContainText(/10,000\s*0\s*10,000/);
  await expect(limitRow(page, 'retention')).toContainText('30 days');

  await page.getByLabel('New plan').selectOption('basic');
  await page.getByRole('button', { name: 'Preview the change' }).click();
  const preview = page.getByTestId('plan-preview');
  await expect(page.getByLabel('New plan')).toHaveValue('basic');
  await expect(preview.getByText('Eve Employee may keep 1 mailbox')).toBeVisible();
  // The oldest mailbox is kept by default; the admin keeps the newest instead.
  await expect(preview.getByRole('checkbox', { name: boxes[0]!.email })).toBeChecked();
  await expect(preview.getByRole('checkbox', { name: boxes[2]!.email })).not.toBeChecked();
  await preview.getByRole('checkbox', { name: boxes[0]!.email }).uncheck();
  await preview.getByRole('checkbox', { name: boxes[2]!.email }).check();
  await preview.getByRole('button', { name: 'Change to Basic' }).click();

  await expect(page.getByText('The plan is now Basic.')).toBeVisible();
  await expect(page.getByTestId('current-plan')).toHaveText('Basic');
  await expect(limitRow(page, 'mailboxesPerEmployee')).toContainText(/1\s*1\s*0/);
  await expect(limitRow(page, 'retention')).toContainText('7 days');

  const statuses = await Promise.all(
    boxes.map(async (box) => (await db.select().from(mailboxes).where(eq(mailboxes.id, box.id)))[0]!.status),
  );
  expect(statuses).toEqual(['disabled', 'disabled', 'active']);
});

test('an employee sees their own limits and has no plan page', async ({ page }) => {
  const { employee, org } = await createOrgWithUsers();
  await createTestMailbox(getDb(), { orgId: org.id, ownerUserId: employee.id });
  await signIn(page, employee.email, employee.password);
  await expect(page).toHaveURL(/\/mail$/);
  await page.goto('/settings');
  await expect(limitRow(page, 'mailboxesPerEmployee')).toContainText(/10\s*1\s*9/);
  await expect(page.getByRole('link', { name: 'Plan' })).toHaveCount(0);
  const response = await page.goto('/settings/plan');
  expect(response?.status()).toBe(404);
});
