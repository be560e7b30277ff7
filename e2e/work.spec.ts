import { expect, test, type Page } from '@playwright/test';
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

const PASSWORD = 'work-e2e-password';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

// One message per kind of work, from a client outside the organization, plus one written by a colleague.
const subjects = {
  task: 'Contract needs review',
  crm: 'Request for a quote',
  calendar: 'Can we meet next week',
  chat: 'Strange invoice numbers',
  feed: 'We won the tender',
} as const;
type Kind = keyof typeof subjects;

let dovecot: DovecotServer;
let smtp: SmtpCapture;
let account: {
  inboxId: number;
  employee: { email: string; password: string };
  admin: { email: string; password: string; name: string };
};

const row = (page: Page, subject: string) => page.getByRole('row').filter({ hasText: subject });
const reading = (page: Page) => page.getByRole('region', { name: 'Message', exact: true });

/** The reading pane's Make work menu, then one of its items (clicked with the mouse). */
async function startWork(page: Page, item: string) {
  await reading(page).getByRole('button', { name: 'Make work' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: item }).click();
}

async function openMessage(page: Page, subject: string) {
  await openMail(page, `/mail?folder=${account.inboxId}`);
  await row(page, subject).click();
  await expect(reading(page).getByRole('heading', { name: subject })).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot(), startSmtpCapture()]);
  const { employee, admin } = await createOrgWithUsers();
  const email = randomEmail('work');
  await dovecot.addUser(email, PASSWORD);
  const fromClient = Object.values(subjects).map((subject, i) => ({
    raw: generateMessage({
      subject,
      date: daysAgo(1 + i / 10),
      from: 'Carla Client <carla@client.example.test>',
      to: email,
    }),
    internalDate: daysAgo(1 + i / 10),
  }));
  const fromColleague = {
    raw: generateMessage({
      subject: 'Lunch on Friday?',
      date: daysAgo(0.5),
      from: `Erin Admin <${admin.email}>`,
      to: email,
    }),
    internalDate: daysAgo(0.5),
  };
  await appendMessages({
    host: '127.0.0.1',
    port: dovecot.imapPort,
    user: email,
    password: PASSWORD,
    messages: [...fromClient, fromColleague],
  });
  const mailbox = await connectAndSync({ dovecot, smtp, ownerUserId: employee.id, email, password: PASSWORD });
  const [inbox] = await getDb()
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, 'inbox')));
  account = {
    inboxId: inbox!.id,
    employee,
    admin: { email: admin.email, password: admin.password, name: 'Erin Admin' },
  };
});

test.afterAll(async () => {
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

test.beforeEach(async ({ page }) => {
  await signIn(page, account.employee.email, account.employee.password);
  await page.waitForURL(/\/mail/);
});

test('create a task from a message; the task lists the message and opens it', async ({ page }) => {
  await openMessage(page, subjects.task);
  await startWork(page, 'Create task');
  const dialog = page.getByRole('dialog', { name: 'Create a task' });
  await expect(dialog.getByLabel('Title')).toHaveValue(subjects.task);
  await dialog.getByLabel('Title').fill('Review the contract');
  await dialog.getByRole('button', { name: 'Create task' }).dblclick();
  await expect(page.getByRole('status').filter({ hasText: 'Task created.' })).toBeVisible();
  const link = reading(page).getByTestId('message-links').getByRole('link', { name: 'Review the contract' });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByRole('heading', { name: 'Review the contract' })).toBeVisible();
  const linked = page.getByTestId('task-linked-messages');
  await expect(linked).toContainText(subjects.task);
  await linked.getByRole('link', { name: subjects.task }).click();
  await expect(reading(page).getByRole('heading', { name: subjects.task })).toBeVisible();

  // The double click made one task.
  await page.goto('/tasks');
  await expect(page.getByRole('link', { name: 'Review the contract' })).toHaveCount(1);
});

test('save a client’s message to the CRM: a lead with the activity and its copy', async ({ page }) => {
  await openMessage(page, subjects.crm);
  await startWork(page, 'Save to CRM');
  await expect(page.getByRole('status').filter({ hasText: 'Saved to the CRM.' })).toBeVisible();
  const link = reading(page).getByTestId('message-links').getByRole('link');
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByText('carla@client.example.test').first()).toBeVisible();
  await expect(page.getByText(subjects.crm).first()).toBeVisible();
});

test('Save to CRM is refused for a colleague’s message, with the reason', async ({ page }) => {
  await openMessage(page, 'Lunch on Friday?');
  await startWork(page, 'Save to CRM');
  await expect(page.getByRole('alert').filter({ hasText: "The e-mail doesn't match the CRM rules" })).toContainText(
    /employee/i,
  );
  await expect(reading(page).getByTestId('message-links')).toHaveCount(0);
});

test('create an event prefilled from the message; it is in the week view', async ({ page }) => {
  await openMessage(page, subjects.calendar);
  await startWork(page, 'Create event');
  const dialog = page.getByRole('dialog', { name: 'Create an event' });
  await expect(dialog.getByLabel('Title')).toHaveValue(subjects.calendar);
  await expect(dialog.getByLabel('Attendees (one per line)')).toHaveValue(/carla@client\.example\.test/);
  await dialog.getByRole('button', { name: 'Create event' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Event created.' })).toBeVisible();
  await reading(page).getByTestId('message-links').getByRole('link', { name: subjects.calendar }).click();
  await expect(page.getByRole('heading', { name: subjects.calendar })).toBeVisible();
  // The form starts the event at the next full hour, which may fall in next week.
  const start = new Date(Math.ceil(Date.now() / HOUR) * HOUR);
  const day = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`;
  await page.goto(`/calendar?week=${day}`);
  await expect(page.getByTestId('week-view')).toContainText(subjects.calendar);
});

test('discuss a message in chat: a colleague sees new posts without reloading', async ({ page, browser }) => {
  await openMessage(page, subjects.chat);
  await startWork(page, 'Discuss in chat');
  const dialog = page.getByRole('dialog', { name: 'Discuss in chat' });
  await dialog.getByRole('checkbox', { name: new RegExp(account.admin.name) }).check();
  await dialog.getByLabel('Message').fill('Do these numbers look right to you?');
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Chat started.' })).toBeVisible();
  await reading(page).getByTestId('message-links').getByRole('link', { name: subjects.chat }).click();
  await expect(page.getByTestId('chat-posts')).toContainText('Do these numbers look right to you?');

  const colleague = await browser.newPage();
  await signIn(colleague, account.admin.email, account.admin.password);
  await colleague.waitForURL(/\/mail/);
  await colleague.goto(page.url());
  await expect(colleague.getByTestId('chat-posts')).toContainText('Do these numbers look right to you?');
  await expect(colleague.getByText(subjects.chat).first()).toBeVisible();

  await page.getByRole('textbox').last().fill('They add up after all.');
  await page.getByRole('textbox').last().press('Enter');
  await expect(colleague.getByTestId('chat-posts')).toContainText('They add up after all.');
  await colleague.close();
});

test('post a message to the feed; the post quotes it', async ({ page }) => {
  await openMessage(page, subjects.feed);
  await startWork(page, 'Post to feed');
  const dialog = page.getByRole('dialog', { name: 'Post to the feed' });
  await dialog.getByLabel('Post').fill('Great news, everyone!');
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Posted to the feed.' })).toBeVisible();
  await page.goto('/feed');
  const posts = page.getByTestId('feed-posts');
  await expect(posts).toContainText('Great news, everyone!');
  await expect(posts).toContainText(subjects.feed);
});

test('the list filters by each kind of link', async ({ page }) => {
  for (const kind of Object.keys(subjects) as Kind[]) {
    await page.goto(`/mail?folder=${account.inboxId}&linked=${kind}`);
    await expect(row(page, subjects[kind])).toBeVisible();
    await expect(page.getByRole('row')).toHaveCount(1);
  }
});
