import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import { getDb } from '@/db/client';
import { organizations, users } from '@/db/schema';
import { startDovecot, type DovecotServer } from '@/scripts/test-servers/dovecot';
import { startSmtpCapture, type SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { visit } from './helpers/page-walk';
import { seedWorkspace, type Workspace } from './helpers/workspace';

// One walk per language over the main pages: the page says it is in that language, shows the catalogue's
// words, formats dates the language's way, and shows no raw key and no English sentence the language has
// translated (a missing message falls back to its key, a forgotten string to hard-coded English).

type Catalogue = { [key: string]: string | Catalogue };
const catalogue = (locale: string): Catalogue =>
  JSON.parse(readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8')) as Catalogue;

function flatten(messages: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const english = flatten(catalogue('en'));
const languages = ['fr', 'es', 'it', 'de', 'vi'] as const;

/** A message as plain text, for messages without arguments. */
function say(messages: Map<string, string>, key: string): string {
  const text = messages.get(key);
  if (text === undefined || text.includes('{')) throw new Error(`no plain message ${key}`);
  return text;
}

/** Everything a person reads or hears on the page: its text and the labels of its controls. */
async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const labels = [...document.querySelectorAll('[aria-label],[title],[placeholder],[alt]')].flatMap((el) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((name) => el.getAttribute(name) ?? ''),
    );
    // biome-ignore lint/performance/useDomNodeTextContent: what is rendered is what a person reads
    return [document.title, document.body.innerText, ...labels].join('\n');
  });
}

async function expectSpoken(page: Page, locale: string, messages: Map<string, string>, where: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  const text = await readableText(page);
  const rawKeys = [...english.keys()].filter((key) => key.includes('.') && text.includes(key));
  expect.soft(rawKeys, `raw catalogue keys on ${where}`).toEqual([]);
  // English sentences (three words or more, no arguments) that this language words differently.
  const leftovers = [...english]
    .filter(([_key, source]) => !source.includes('{') && /\p{L}{2,} \p{L}{2,} \p{L}{2,}/u.test(source))
    .filter(([key, source]) => messages.get(key) !== source && text.includes(source))
    .map(([key]) => key);
  expect.soft(leftovers, `English left on ${where}`).toEqual([]);
}

/** Signs in through the form in whatever language the page speaks (the helper's labels are English). */
async function signIn(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  const lang = (await page.locator('html').getAttribute('lang')) ?? 'en';
  const words = flatten(catalogue(lang));
  await page.getByLabel(say(words, 'signIn.email')).fill(email);
  await page.getByLabel(say(words, 'signIn.password')).fill(password);
  await page.getByRole('button', { name: say(words, 'signIn.submit') }).click();
}

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let ws: Workspace;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  ws = await seedWorkspace({ dovecot, smtp });
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

for (const locale of languages) {
  test(`the app in ${locale}: mail, a message, compose, tasks, CRM and settings`, async ({ page }) => {
    test.slow();
    const messages = flatten(catalogue(locale));
    await getDb().update(users).set({ locale }).where(eq(users.id, ws.admin.id));
    await signIn(page, ws.admin.email, ws.admin.password);
    await page.waitForURL(/\/mail/);

    await visit(page, `/mail?folder=${ws.inboxId}`);
    await expect(page.getByRole('navigation').getByRole('link', { name: say(messages, 'nav.tasks') })).toBeVisible();
    const list = page.getByRole('grid', { name: say(messages, 'mail.messages') });
    await expect(list.getByRole('row').first()).toBeVisible();
    await expectSpoken(page, locale, messages, 'mail');

    // A message: its date in the language's own medium format, in the browser's zone.
    await list.getByRole('row').first().click();
    const reading = page.getByRole('region', { name: say(messages, 'mail.reading') });
    await expect(reading.getByRole('button', { name: say(messages, 'mail.reply'), exact: true })).toBeVisible();
    // The message's date in the language's own medium format (7 déc. 2026, 03:16), never the English one.
    const sent = reading.getByTestId('message-date');
    await expect(sent).not.toBeEmpty();
    const { shown, own, english } = await sent.evaluate((el, lang) => {
      const at = new Date(el.getAttribute('datetime') ?? '');
      const style: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
      return {
        shown: el.textContent ?? '',
        own: new Intl.DateTimeFormat(lang, style).format(at),
        english: new Intl.DateTimeFormat('en', style).format(at),
      };
    }, locale);
    expect(shown).toBe(own);
    expect(shown).not.toBe(english);
    await expectSpoken(page, locale, messages, 'a message');

    await page.getByRole('button', { name: say(messages, 'mail.compose') }).click();
    const compose = page.getByRole('dialog', { name: say(messages, 'mail.composer.title') });
    await expect(compose.getByRole('button', { name: say(messages, 'mail.composer.send') })).toBeVisible();
    await expectSpoken(page, locale, messages, 'compose');
    await compose.getByRole('button', { name: say(messages, 'mail.composer.close') }).click();

    await visit(page, '/tasks');
    await expect(page.getByRole('heading', { name: say(messages, 'tasks.title'), level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Review the contract' })).toBeVisible();
    await expectSpoken(page, locale, messages, 'tasks');

    await visit(page, '/crm');
    await expect(page).toHaveTitle(new RegExp(say(messages, 'crm.leads.title')));
    await expectSpoken(page, locale, messages, 'CRM');

    await visit(page, '/settings');
    await expect(page.getByLabel(say(messages, 'settings.language'))).toHaveValue(locale);
    await expectSpoken(page, locale, messages, 'settings');
  });
}

test('a first visit follows Accept-Language; a chosen language applies everywhere until "same as my browser"', async ({
  browser,
}) => {
  test.slow();
  const context = await browser.newContext({ locale: 'it-IT' });
  const page = await context.newPage();
  const it = flatten(catalogue('it'));
  const de = flatten(catalogue('de'));
  await page.goto('/sign-in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByRole('button', { name: say(it, 'signIn.submit') })).toBeVisible();

  await getDb().update(users).set({ locale: null }).where(eq(users.id, ws.admin.id));
  await signIn(page, ws.admin.email, ws.admin.password);
  await page.waitForURL(/\/mail/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');

  await visit(page, '/settings');
  await page.getByLabel(say(it, 'settings.language')).selectOption('de');
  await page
    .getByRole('button', { name: say(it, 'settings.save') })
    .first()
    .click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  const [stored] = await getDb().select({ locale: users.locale }).from(users).where(eq(users.id, ws.admin.id));
  expect(stored?.locale).toBe('de');
  await visit(page, '/tasks');
  await expect(page.getByRole('heading', { name: say(de, 'tasks.title'), level: 1 })).toBeVisible();
  await expectSpoken(page, 'de', de, 'tasks after choosing German');

  await visit(page, '/settings');
  await page.getByLabel(say(de, 'settings.language')).selectOption('');
  await page
    .getByRole('button', { name: say(de, 'settings.save') })
    .first()
    .click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await context.close();
});

test('a limit reached is said in French, with its numbers', async ({ page }) => {
  const fr = catalogue('fr');
  await getDb().update(users).set({ locale: 'fr' }).where(eq(users.id, ws.admin.id));
  // Basic allows one mailbox per employee, and the admin already has one.
  await getDb().update(organizations).set({ plan: 'basic' }).where(eq(organizations.id, ws.org.id));
  try {
    await signIn(page, ws.admin.email, ws.admin.password);
    await page.waitForURL(/\/mail/);
    await visit(page, '/settings/mailboxes');
    const form = page.getByTestId('connect-mailbox');
    const box = flatten(fr);
    await form.getByLabel(say(box, 'mailboxSettings.email')).fill('second@example.test');
    await form.getByLabel(say(box, 'mailboxSettings.password')).fill('whatever-password');
    await form.getByRole('button', { name: say(box, 'mailboxSettings.submit') }).click();
    const t = createTranslator({ locale: 'fr', messages: fr });
    const expected = (t as unknown as (key: string, values: Record<string, number>) => string)(
      'problems.plans.mailboxesPerEmployee',
      { limit: 1, used: 1 },
    );
    await expect(form.getByRole('alert')).toHaveText(expected);
    expect(expected).toContain('1 boîte mail');
  } finally {
    await getDb().update(organizations).set({ plan: ws.org.plan }).where(eq(organizations.id, ws.org.id));
  }
});
