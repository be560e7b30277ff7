import { expect, type Locator, type Page } from '@playwright/test';
import type { Workspace } from './workspace';

/** Every page of the signed-in app, by path, with the workspace's records filled in (null: none to show). */
export const appPages: { name: string; path: (ws: Workspace) => string | null }[] = [
  { name: 'mail', path: (ws) => `/mail?folder=${ws.inboxId}` },
  { name: 'tasks', path: () => '/tasks' },
  { name: 'a task', path: (ws) => `/tasks/${ws.taskId}` },
  { name: 'CRM', path: () => '/crm' },
  { name: 'CRM contacts', path: () => '/crm/contacts' },
  { name: 'a CRM contact', path: (ws) => `/crm/contacts/${ws.contactId}` },
  { name: 'a CRM lead', path: (ws) => (ws.leadId ? `/crm/leads/${ws.leadId}` : null) },
  { name: 'calendar', path: (ws) => `/calendar?week=${ws.week}` },
  { name: 'new event', path: () => '/calendar/events/new' },
  { name: 'an event', path: (ws) => `/calendar/events/${ws.eventId}` },
  { name: 'editing an event', path: (ws) => `/calendar/events/${ws.eventId}/edit` },
  { name: 'chat', path: () => '/chat' },
  { name: 'a chat', path: (ws) => `/chat/${ws.chatId}` },
  { name: 'feed', path: () => '/feed' },
  { name: 'settings: profile', path: () => '/settings' },
  { name: 'settings: mailboxes', path: () => '/settings/mailboxes' },
  { name: 'settings: a mailbox', path: (ws) => `/settings/mailboxes/${ws.mailboxId}` },
  { name: 'settings: security', path: () => '/settings/security' },
  { name: 'settings: sessions', path: () => '/settings/sessions' },
  { name: 'settings: plan', path: () => '/settings/plan' },
  { name: 'settings: users', path: () => '/settings/users' },
  { name: 'settings: CRM', path: () => '/settings/crm' },
  { name: 'settings: audit', path: () => '/settings/audit' },
  { name: 'not found', path: () => '/no-such-page' },
];

/** Opens a page and waits until its data has come in (client-side lists fetch after the first paint). */
export async function visit(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('main').first()).toBeVisible();
  // Pages poll (presence, chat), so the network is never idle for long: a short quiet spell is enough.
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
}

/** The webmail's message list, once it shows rows. */
export async function messageList(page: Page): Promise<Locator> {
  const list = page.getByRole('grid', { name: 'Messages' });
  await expect(list.getByRole('row').first()).toBeVisible();
  return list;
}

/** A row's ⋯ menu button (by CSS: while a menu or dialog is open, the rest of the page is aria-hidden). */
export async function rowMenuTrigger(page: Page, row: Locator): Promise<Locator> {
  const id = await row.getAttribute('data-message-id');
  return page.locator(`[data-message-id="${id}"] button[aria-haspopup="menu"]`);
}

/** The make-work actions of a message's menu, each with the dialog it opens ("Save to CRM" opens none). */
export const workDialogs = [
  { item: 'Create task', dialog: 'Create a task' },
  { item: 'Link to task', dialog: 'Link to an existing task' },
  { item: 'Create event', dialog: 'Create an event' },
  { item: 'Discuss in chat', dialog: 'Discuss in chat' },
  { item: 'Post to feed', dialog: 'Post to the feed' },
] as const;
