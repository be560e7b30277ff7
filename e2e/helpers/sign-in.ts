import { expect, type Page } from '@playwright/test';

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function expectShell(page: Page, orgName: string, userName: string) {
  await expect(page).toHaveURL(/\/mail$/);
  await expect(page.getByTestId('org-name')).toHaveText(orgName);
  await expect(page.getByTestId('user-name')).toHaveText(userName);
}
