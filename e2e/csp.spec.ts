import { expect, test, type Page, type Response } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailFolders } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './helpers/db';
import { connectAndSync } from './helpers/mailbox';
import { signIn } from './helpers/sign-in';
import { openMail } from './helpers/open-mail';

// Every app page runs under a strict nonce-based CSP (proxy.ts). Here the app is used in Chromium as people
// use it, and nothing may be refused by the policy: not a script of Next.js, not a style, not a frame.
const PASSWORD = 'csp-e2e-password';
const HTML_SUBJECT = 'Newsletter with markup';
const PLAIN_SUBJECT = 'Please answer this one';

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let account: {
  inboxId: number;
  employee: { email: string; password: string };
  admin: { email: string; password: string };
};

function htmlMessage(to: string): Buffer {
  const lines = [
    'From: Shop News <news@shop.example.test>',
    `To: ${to}`,
    `Subject: ${HTML_SUBJECT}`,
    `Date: ${new Date().toUTCString()}`,
    'Message-ID: <csp-newsletter@e2e.example.test>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<html><body><h1 style="color:#333">Spring offers</h1><p>Hello from the <b>newsletter</b>.</p><script>alert(1)</script></body></html>',
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { employee, admin } = await createOrgWithUsers();
  const email = randomEmail('csp');
  await dovecot.addUser(email, PASSWORD);
  const date = new Date(Date.now() - 60 * 60 * 1000);
  await appendMessages({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    user: email,
    password: PASSWORD,
    messages: [
      {
        raw: generateMessage({
          subject: PLAIN_SUBJECT,
          date,
          from: 'Carla Client <carla@client.example.test>',
          to: email,
        }),
        internalDate: date,
      },
      { raw: htmlMessage(email), internalDate: new Date() },
    ],
  });
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  const [inbox] = await getDb()
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, 'inbox')));
  account = { inboxId: inbox!.id, employee, admin };
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

/** Records every CSP violation of the app's pages (not of the e-mail frames, whose policy blocks on purpose). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (violation: string) => violations.push(violation));
  await page.addInitScript(() => {
    if (window.top !== window) return;
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation: (violation: string) => void }).reportCspViolation;
      report(
        `${location.pathname}: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`,
      );
    });
  });
  page.on('console', (message) => {
    const frameUrl = message.location().url;
    if (/Content[ -]Security[ -]Policy/i.test(message.text()) && !/\/body(\?|$)/.test(frameUrl))
      violations.push(`console on ${page.url()}: ${message.text()}`);
  });
  return violations;
}

/** The page rendered and Next.js's client runtime ran (it sets window.next once its nonce'd bootstrap executed). */
async function expectClientRuntime(page: Page) {
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => typeof (window as unknown as { next?: { version?: string } }).next?.version))
    .toBe('string');
}

const nonceOf = (policy: string | undefined) => /script-src 'nonce-([A-Za-z0-9+/=_-]+)'/.exec(policy ?? '')?.[1];

/** The nonce of a page's CSP header and the nonces on the script tags of its HTML. */
async function nonces(response: Response | null): Promise<{ header: string | undefined; scripts: string[] }> {
  expect(response?.ok()).toBe(true);
  const html = await response!.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((tag) => /\snonce="([^"]*)"/.exec(tag[0])?.[1] ?? 'none');
  return { header: nonceOf(response!.headers()['content-security-policy']), scripts };
}

test('each page response has a strict CSP with a fresh nonce, and Next.js puts it on every script', async ({
  page,
}) => {
  const first = await nonces(await page.goto('/sign-in'));
  const second = await nonces(await page.goto('/sign-in'));
  expect(first.header).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(second.header).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(second.header).not.toBe(first.header);
  expect(first.scripts.length).toBeGreaterThan(0);
  expect(new Set(first.scripts)).toEqual(new Set([first.header]));
  expect(new Set(second.scripts)).toEqual(new Set([second.header]));

  const response = await page.goto('/sign-in');
  const policy = response!.headers()['content-security-policy']!;
  for (const directive of [
    "'strict-dynamic'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "default-src 'self'",
  ])
    expect(policy).toContain(directive);
  expect(policy).not.toContain('unsafe-eval');
  // Plain http here: no HSTS unless the configured public URL is https.
  expect(response!.headers()['strict-transport-security']).toBeUndefined();
});

test('signed-in pages carry the nonce on their scripts too', async ({ page }) => {
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
  for (const path of ['/mail', '/tasks', '/settings']) {
    const { header, scripts } = await nonces(await page.goto(path));
    expect(header, path).toBeDefined();
    expect(new Set(scripts), path).toEqual(new Set([header]));
  }
});

test('mail: the reading pane, compose and reply work without a CSP violation', async ({ page }) => {
  const violations = await watchViolations(page);
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
  await openMail(page, `/mail?folder=${account.inboxId}`);

  // The reading pane with an HTML body in its frame (whose own script the frame's policy stops, as it should).
  const frameResponse = page.waitForResponse((response) => /\/api\/mail\/messages\/\d+\/body/.test(response.url()));
  await page.getByRole('row').filter({ hasText: HTML_SUBJECT }).click();
  const reading = page.getByRole('region', { name: 'Message', exact: true });
  await expect(reading.getByRole('heading', { name: HTML_SUBJECT })).toBeVisible();
  await expect(page.frameLocator('iframe[title="Message content"]').getByText('Spring offers')).toBeVisible();
  // The frame keeps its own referrer policy: exactly one, no-referrer (not also the pages' same-origin).
  const referrerPolicies = (await (await frameResponse).headersArray()).filter(
    (header) => header.name.toLowerCase() === 'referrer-policy',
  );
  expect(referrerPolicies.map((header) => header.value)).toEqual(['no-referrer']);

  // Compose: the rich text editor, typed into with the keyboard after a click.
  await page.getByRole('button', { name: 'Compose' }).first().click();
  const compose = page.getByRole('dialog', { name: 'New message' });
  await compose.getByLabel('To', { exact: true }).fill('bob@recipient.example.test');
  await compose.getByLabel('Subject').fill('Under a strict policy');
  await compose.getByRole('textbox', { name: 'Message' }).click();
  await page.keyboard.type('Hello Bob, this is typed into the editor.');
  await expect(compose.getByRole('textbox', { name: 'Message' })).toContainText(
    'Hello Bob, this is typed into the editor.',
  );
  await compose.getByRole('button', { name: 'Bold' }).click();
  await page.keyboard.type(' Bold words.');
  await expect(compose.getByRole('textbox', { name: 'Message' }).locator('b, strong')).toContainText('Bold words.');
  page.once('dialog', (dialog) => void dialog.accept());
  await compose.getByRole('button', { name: 'Close' }).click();
  await expect(compose).toHaveCount(0);

  // Reply: the quoted original goes into the editor as HTML.
  await page.getByRole('row').filter({ hasText: PLAIN_SUBJECT }).click();
  await expect(reading.getByRole('heading', { name: PLAIN_SUBJECT })).toBeVisible();
  await reading.getByRole('button', { name: 'Reply', exact: true }).click();
  const reply = page.getByRole('dialog');
  await expect(reply.getByLabel('Subject')).toHaveValue(`Re: ${PLAIN_SUBJECT}`);
  await reply.getByRole('textbox', { name: 'Message' }).click();
  await page.keyboard.type('Thanks, answering now.');
  await reply.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Message sent.')).toBeVisible({ timeout: 30_000 });
  await smtp.waitForMessage((m) => m.raw.toString().includes(`Re: ${PLAIN_SUBJECT}`));
  expect(violations).toEqual([]);
});

test('every section works without a CSP violation, reached by the navigation and loaded afresh', async ({ page }) => {
  test.slow();
  const violations = await watchViolations(page);
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
  // The way people move around: client-side, by the navigation.
  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const [name, path] of [
    ['Tasks', '/tasks'],
    ['CRM', '/crm'],
    ['Calendar', '/calendar'],
    ['Chat', '/chat'],
    ['Feed', '/feed'],
    ['Settings', '/settings'],
    ['Mail', '/mail'],
  ] as const) {
    await nav.getByRole('link', { name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}(\\?|/|$)`));
    await expect(nav.getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  // And each loaded afresh, with its own nonce.
  for (const path of [
    '/tasks',
    '/crm',
    '/calendar',
    '/chat',
    '/feed',
    '/settings',
    '/settings/mailboxes',
    '/settings/security',
    '/settings/sessions',
  ]) {
    await page.goto(path);
    await expectClientRuntime(page);
  }
  await page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.waitForURL(/\/sign-in/);
  expect(violations).toEqual([]);
});

test('the admin settings pages work without a CSP violation', async ({ page }) => {
  test.slow();
  const violations = await watchViolations(page);
  await signIn(page, account.admin.email, account.admin.password);
  await page.waitForURL(/\/mail/);
  for (const path of [
    '/settings',
    '/settings/users',
    '/settings/mailboxes',
    '/settings/audit',
    '/settings/plan',
    '/settings/crm',
    '/settings/security',
    '/settings/sessions',
  ]) {
    await page.goto(path);
    await expectClientRuntime(page);
  }
  expect(violations).toEqual([]);
});
