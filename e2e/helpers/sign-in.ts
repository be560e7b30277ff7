import { expect, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';

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

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/**
 * Codes of an authenticator app for a secret shown as text. The server accepts each 30-second step once
 * (and one step of drift either way), so every call returns the code of a step not handed out before.
 */
export function authenticator(base32: string) {
  const totp = new TOTP({ secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: 30 });
  const used = new Set<number>();
  return {
    async nextCode(): Promise<string> {
      for (;;) {
        const current = Math.floor(Date.now() / 30_000);
        const step = [current, current + 1].find((s) => !used.has(s));
        if (step !== undefined) {
          used.add(step);
          return totp.generate({ timestamp: step * 30_000 });
        }
        // Both usable steps were spent: the app, too, would show a new code only in the next step.
        await new Promise((resolve) => setTimeout(resolve, (current + 1) * 30_000 - Date.now() + 100));
      }
    },
    markUsed(code: string) {
      const current = Math.floor(Date.now() / 30_000);
      for (const step of [current - 1, current, current + 1])
        if (totp.generate({ timestamp: step * 30_000 }) === code) used.add(step);
    },
  };
}

/** The second step of a sign-in with two-factor: the code field appears after the right password. */
export async function enterCode(page: Page, code: string) {
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}
