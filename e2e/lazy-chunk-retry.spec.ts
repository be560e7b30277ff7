import { expect, test } from '@playwright/test';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { openMail } from './helpers/open-mail';
import { messageList, rowMenuTrigger } from './helpers/page-walk';
import { signIn } from './helpers/sign-in';
import { seedWorkspace, type Workspace } from './helpers/workspace';

// The inbox's first load leaves the row menu's code out: it is fetched at idle, on hover and on click
// (components/mail/lazy-row-menu.tsx). A fetch that fails (a dropped connection, a deploy that replaced the chunk)
// must not leave the menu broken for the rest of the visit.

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let ws: Workspace;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  ws = await seedWorkspace({ dovecot, smtp, messageCount: 5 });
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

test('a row menu whose code failed to load is fetched again, and opens, on the next click', async ({ page }) => {
  await signIn(page, ws.admin.email, ws.admin.password);
  await page.waitForURL(/\/mail/);
  // The chunk that holds the row menu (found by its export) fails while `failing` is set; the rest loads.
  let failing = true;
  let refused = 0;
  await page.route('**/_next/static/chunks/**', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (failing && body.includes('["RowMenu"')) {
      refused++;
      return route.abort('connectionreset');
    }
    return route.fulfill({ response, body });
  });
  await openMail(page, `/mail?folder=${ws.inboxId}`);
  const list = await messageList(page);
  // The preload once the first screen is up has failed.
  await expect.poll(() => refused, { timeout: 15_000 }).toBeGreaterThan(0);

  const trigger = await rowMenuTrigger(page, list.getByRole('row').first());
  await trigger.click();
  await expect.poll(() => refused).toBeGreaterThan(1);
  await expect(page.getByRole('menu')).toHaveCount(0);

  // The connection is back: the same button fetches the code again and opens the menu.
  failing = false;
  await trigger.click();
  await expect(page.getByRole('menu').getByRole('menuitem', { name: 'Create task' })).toBeVisible();
});
