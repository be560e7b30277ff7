import { expect, test, type Page, type Request } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { createOrgWithUsers } from './helpers/db';
import { signIn } from './helpers/sign-in';

// SPEC §4: a visible tab beats at once and every 60 s; a hidden or minimized tab sends nothing.
const HEARTBEAT_INTERVAL_MS = 60_000;

const isHeartbeat = (request: Request) =>
  request.method() === 'POST' && new URL(request.url()).pathname === '/api/presence';

/** Chromium in Playwright is always "visible"; this makes the page believe otherwise, as minimizing would. */
async function setVisibility(page: Page, state: 'visible' | 'hidden') {
  await page.evaluate((visibility) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => visibility === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

function countHeartbeats(page: Page): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (isHeartbeat(request)) count += 1;
  });
  return () => count;
}

async function lastSeenAt(userId: string): Promise<Date | null> {
  const [row] = await getDb().select({ lastSeenAt: users.lastSeenAt }).from(users).where(eq(users.id, userId));
  return row?.lastSeenAt ?? null;
}

/** Lets page timers run for `ms` of fake time, then gives any request they started a real moment to show. */
async function advance(page: Page, ms: number) {
  await page.clock.runFor(ms);
  await page.waitForTimeout(500);
}

test('a visible tab marks its user online and stops beating once hidden', async ({ page }) => {
  await page.clock.install();
  const { employee } = await createOrgWithUsers();
  const heartbeats = countHeartbeats(page);
  const before = new Date();

  const first = page.waitForResponse((response) => isHeartbeat(response.request()));
  await signIn(page, employee.email, employee.password);
  await expect(page).toHaveURL(/\/mail$/);
  expect((await first).status()).toBe(204);
  await expect
    .poll(async () => (await lastSeenAt(employee.id))?.getTime() ?? 0)
    .toBeGreaterThanOrEqual(before.getTime() - 1000);

  const next = page.waitForRequest(isHeartbeat);
  await page.clock.runFor(HEARTBEAT_INTERVAL_MS);
  await next;

  await setVisibility(page, 'hidden');
  const whileVisible = heartbeats();
  await advance(page, 5 * HEARTBEAT_INTERVAL_MS);
  expect(heartbeats()).toBe(whileVisible);

  // Shown again: a beat at once, not a minute later.
  const back = page.waitForRequest(isHeartbeat);
  await setVisibility(page, 'visible');
  await back;
  expect(heartbeats()).toBe(whileVisible + 1);
});

test('a tab opened in the background beats only when it is shown', async ({ page }) => {
  await page.clock.install();
  await page.addInitScript(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
  });
  const { employee } = await createOrgWithUsers();
  const heartbeats = countHeartbeats(page);

  await signIn(page, employee.email, employee.password);
  await expect(page).toHaveURL(/\/mail$/);
  await advance(page, 3 * HEARTBEAT_INTERVAL_MS);
  expect(heartbeats()).toBe(0);
  expect(await lastSeenAt(employee.id)).toBeNull();

  const first = page.waitForResponse((response) => isHeartbeat(response.request()));
  await setVisibility(page, 'visible');
  expect((await first).status()).toBe(204);
  await expect.poll(async () => lastSeenAt(employee.id)).not.toBeNull();
});
