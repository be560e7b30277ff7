import { type Browser, type BrowserContextOptions, expect, type Locator, type Page, test } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailFolders, users } from '@/db/schema';
import type { Actor } from '@/lib/access/actor';
import { type Theme, updateUserTheme } from '@/lib/users/update-user-theme';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { messageList } from './helpers/page-walk';
import { signIn } from './helpers/sign-in';
import { openMail } from './helpers/open-mail';

// The colour theme: 'system' follows the browser's prefers-color-scheme, 'light' and 'dark' pin one whatever
// the system says, the choice is in the server's HTML (no flash of the other theme), and message frames
// follow it: plain text on the dark page, HTML mail on a white sheet with a dark surround.
const PASSWORD = 'dark-mode-e2e-password';
const PLAIN_SUBJECT = 'Plain words in the dark';
const PLAIN_TEXT = 'This plain text should be light on dark.';
const HTML_SUBJECT = 'Markup on its own white';
const HTML_TEXT = 'This HTML keeps its own colours.';

// The canvas token (app/globals.css) that <body> paints in each theme.
const CANVAS = { light: 'rgb(248, 250, 252)', dark: 'rgb(11, 17, 32)' } as const;

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let inboxId: number;
let user: { id: string; orgId: string };
let signedIn: BrowserContextOptions['storageState'];

function rawMessage(to: string, subject: string, contentType: string, body: string, hoursAgo: number) {
  const date = new Date(Date.now() - hoursAgo * 60 * 60 * 1000);
  const lines = [
    'From: Carla Client <carla@client.example.test>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${randomEmail('dark').replace('@', '.')}@e2e.example.test>`,
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}; charset=utf-8`,
    '',
    body,
    '',
  ];
  return { raw: Buffer.from(lines.join('\r\n')), internalDate: date };
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { employee } = await createOrgWithUsers();
  user = employee;
  const email = randomEmail('dark');
  await dovecot.addUser(email, PASSWORD);
  await appendMessages({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    user: email,
    password: PASSWORD,
    messages: [
      rawMessage(email, PLAIN_SUBJECT, 'text/plain', PLAIN_TEXT, 2),
      rawMessage(
        email,
        HTML_SUBJECT,
        'text/html',
        `<html><body><p style="color:#222222">${HTML_TEXT}</p></body></html>`,
        1,
      ),
    ],
  });
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  const [inbox] = await getDb()
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, 'inbox')));
  inboxId = inbox!.id;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, employee.email, employee.password);
  await page.waitForURL(/\/mail/);
  signedIn = await context.storageState();
  await context.close();
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

async function setTheme(theme: Theme) {
  const actor: Actor = { kind: 'user', userId: user.id, orgId: user.orgId, role: 'employee' };
  await updateUserTheme(getDb(), { userId: user.id, theme, actor });
}

async function storedTheme(): Promise<string | undefined> {
  const [row] = await getDb().select({ theme: users.theme }).from(users).where(eq(users.id, user.id));
  return row?.theme;
}

async function signedInPage(
  browser: Browser,
  colorScheme: 'light' | 'dark',
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ storageState: signedIn, colorScheme, ...options });
  return context.newPage();
}

const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

async function expectTheme(page: Page, theme: 'light' | 'dark') {
  await expect.poll(() => bodyBackground(page)).toBe(CANVAS[theme]);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe(theme);
}

/** Relative luminance (WCAG) of a computed `rgb(…)`/`rgba(…)` colour: 0 is black, 1 is white. */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** The colour painted behind an element: its own background, or the nearest ancestor's that is not transparent. */
function backdropOf(locator: Locator): Promise<string> {
  return locator.evaluate((element) => {
    for (let node: Element | null = element; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
    }
    return 'none';
  });
}

async function openMessage(page: Page, subject: string): Promise<Locator> {
  await openMail(page, `/mail?folder=${inboxId}`);
  const list = await messageList(page);
  await list
    .getByRole('row')
    .filter({ hasText: subject })
    .click({ position: { x: 60, y: 12 } });
  const reading = page.getByRole('region', { name: 'Message', exact: true });
  await expect(reading.getByRole('heading', { name: subject })).toBeVisible();
  return reading;
}

/** The colours of the HTML message frame's document: its surround (<html>), the sheet behind the mail, its text. */
async function htmlFrameColours(page: Page) {
  const reading = await openMessage(page, HTML_SUBJECT);
  const text = reading.frameLocator('iframe[title="Message content"]').getByText(HTML_TEXT);
  await expect(text).toBeVisible();
  return text.evaluate((element) => {
    // The sheet is what is painted right behind the mail: the nearest background that is not transparent.
    let sheet = 'none';
    for (let node: Element | null = element; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') {
        sheet = colour;
        break;
      }
    }
    return {
      surround: getComputedStyle(document.documentElement).backgroundColor,
      sheet,
      text: getComputedStyle(element).color,
    };
  });
}

test('the settings control switches the theme at once, and it stays after a reload', async ({ browser }) => {
  await setTheme('system');
  const page = await signedInPage(browser, 'light');
  await page.goto('/settings');
  await expectTheme(page, 'light');
  await expect(page.getByRole('radio', { name: 'Same as my device' })).toBeChecked();

  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expectTheme(page, 'dark');
  expect(await storedTheme()).toBe('dark');

  await page.reload();
  await expectTheme(page, 'dark');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();

  // Back to the system's choice, which is light here.
  await page.getByRole('radio', { name: 'Same as my device' }).check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await expectTheme(page, 'light');
  expect(await storedTheme()).toBe('system');
});

test("'system' follows the browser's colour scheme, in the page and in the message frame", async ({ browser }) => {
  await setTheme('system');
  const page = await signedInPage(browser, 'dark');
  await page.goto('/settings');
  await expectTheme(page, 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expectTheme(page, 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectTheme(page, 'dark');

  const frame = await htmlFrameColours(page);
  expect(luminance(frame.surround)).toBeLessThan(0.05);
  expect(frame.sheet).toBe('rgb(255, 255, 255)');
});

test("a pinned 'light' stays light on a dark system, frames included", async ({ browser }) => {
  await setTheme('light');
  const page = await signedInPage(browser, 'dark');
  await page.goto('/settings');
  await expectTheme(page, 'light');

  const plain = (await openMessage(page, PLAIN_SUBJECT)).getByText(PLAIN_TEXT);
  expect(luminance(await backdropOf(plain))).toBeGreaterThan(0.9);
  const frame = await htmlFrameColours(page);
  expect(frame.surround).toBe('rgb(255, 255, 255)');
  expect(frame.sheet).toBe('rgb(255, 255, 255)');
});

test("a pinned 'dark' is in the server's HTML: dark at first paint on a light system, without any script", async ({
  browser,
}) => {
  await setTheme('dark');
  // No JavaScript at all: whatever theme shows was set by the server's HTML and the CSS, not by a client
  // effect after hydration (which is what would flash the light theme first).
  const page = await signedInPage(browser, 'light', { javaScriptEnabled: false });
  const response = await page.goto('/settings');
  expect(response?.ok()).toBe(true);
  const html = await response!.text();
  expect(html).toMatch(/<html\b[^>]*\sdata-theme="dark"/);
  await expectTheme(page, 'dark');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
});

test('in dark, plain-text mail is light on dark and HTML mail keeps its colours on a white sheet', async ({
  browser,
}) => {
  await setTheme('dark');
  const page = await signedInPage(browser, 'light');

  const plain = (await openMessage(page, PLAIN_SUBJECT)).getByText(PLAIN_TEXT);
  await expect(plain).toBeVisible();
  expect(luminance(await backdropOf(plain))).toBeLessThan(0.05);
  expect(luminance(await plain.evaluate((element) => getComputedStyle(element).color))).toBeGreaterThan(0.6);

  const frame = await htmlFrameColours(page);
  expect(luminance(frame.surround)).toBeLessThan(0.05);
  expect(frame.sheet).toBe('rgb(255, 255, 255)');
  expect(frame.text).toBe('rgb(34, 34, 34)');
});
