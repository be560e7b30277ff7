import type { Page } from '@playwright/test';

/**
 * Loads a /mail URL and waits until the webmail is hydrated (its shortcuts and handlers in place). The first
 * page of the list comes in the HTML, so a row is visible before the scripts run: a key pressed or a row
 * clicked then would do nothing, as for a person on a slow connection.
 */
export async function openMail(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('[data-hydrated]').waitFor();
}
