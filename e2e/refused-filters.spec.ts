import { expect, test } from '@playwright/test';
import { createOrgWithUsers } from './helpers/db';
import { signIn } from './helpers/sign-in';

// A bookmarked or hand-edited list address with a filter lib refuses (here a NUL in the search) shows the list
// without it and says which filter was dropped and why; correcting it in the form, with the mouse, applies it.
const viewports = [
  { name: '1366×768', use: { viewport: { width: 1366, height: 768 } } },
  { name: 'phone 390×844', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
];

for (const { name, use } of viewports) {
  test.describe(name, () => {
    test.use(use);

    test('a refused task filter is named above the list, and the corrected one applies', async ({ page }) => {
      const { admin } = await createOrgWithUsers();
      await signIn(page, admin.email, admin.password);
      await expect(page).toHaveURL(/\/mail$/);

      const response = await page.goto('/tasks?q=a%00b');
      expect(response?.status()).toBe(200);
      const notice = page.getByTestId('refused-filters');
      await expect(notice).toBeVisible();
      await expect(notice).toContainText('null character');

      const search = page.getByLabel('Search titles');
      await expect(search).toHaveValue('');
      await search.click();
      await search.fill('report');
      await page.getByRole('button', { name: 'Apply', exact: true }).click();
      await expect(page).toHaveURL(/\/tasks\?.*q=report/);
      await expect(page.getByTestId('refused-filters')).toHaveCount(0);
    });
  });
}
