import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { mailFolders, messages, organizations, users } from '@/db/schema';
import type { Actor } from '@/lib/access/actor';
import { createEvent } from '@/lib/calendar/create-event';
import { createChat } from '@/lib/chat/create-chat';
import { createContact } from '@/lib/crm/create-contact';
import { saveMessageToCrm } from '@/lib/crm/save-message-to-crm';
import { createFeedPost } from '@/lib/feed/create-feed-post';
import { createTask } from '@/lib/tasks/create-task';
import type { DovecotServer } from '@/scripts/test-servers/dovecot';
import { generateMessage } from '@/scripts/test-servers/generate-message';
import { appendMessages } from '@/scripts/test-servers/seed-mail';
import type { SmtpCapture } from '@/scripts/test-servers/smtp-capture';
import { randomEmail } from '@/test/factories';
import { createOrgWithUsers } from './db';
import { connectAndSync } from './mailbox';

const HOUR = 60 * 60 * 1000;
export const CLIENT = 'Carla Client <carla@client.example.test>';

/**
 * An organization whose admin has a synced mailbox and one of everything made from mail (a task, a lead, a
 * contact, an event, a chat, a feed post), so that every page of the app has something to show. Made through
 * the lib operations rather than the screens: the specs that use it test pages, not how the work was made.
 */
export async function seedWorkspace(options: { dovecot: DovecotServer; smtp: SmtpCapture; messageCount?: number }) {
  const db = getDb();
  const { org, admin, employee } = await createOrgWithUsers();
  const email = randomEmail('walk');
  const password = 'walk-e2e-mailbox-password';
  await options.dovecot.addUser(email, password);
  const count = options.messageCount ?? 12;
  const seeded = Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.now() - (i + 1) * HOUR);
    const subject = `Walk sample ${String(i + 1).padStart(2, '0')}`;
    // Some with HTML and an attachment, so the reading pane shows its attachment list.
    const extra = i % 3 === 0 ? { html: true, attachmentBytes: 2048, attachmentName: 'report.pdf' } : {};
    return { raw: generateMessage({ subject, date, from: CLIENT, to: email, ...extra }), internalDate: date };
  });
  await appendMessages({
    host: '127.0.0.1',
    port: options.dovecot.imapPort,
    user: email,
    password,
    messages: seeded,
  });
  const mailbox = await connectAndSync({ ...options, ownerUserId: admin.id, email, password });
  const [inbox] = await db
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, mailbox.id), eq(mailFolders.specialUse, 'inbox')));
  const ids = (
    await db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.folderId, inbox!.id))
      .orderBy(asc(messages.id))
  ).map((m) => m.id);

  const actor: Actor = { kind: 'user', userId: admin.id, orgId: org.id, role: 'admin' };
  const task = await createTask(db, {
    actor,
    input: { title: 'Review the contract', description: 'Check the dates.', messageIds: [ids[0]!] },
  });
  const saved = await saveMessageToCrm(db, { actor, messageId: ids[1]! });
  const contact = await createContact(db, {
    actor,
    input: { name: 'Paula Partner', emails: ['paula@partner.example.test'], company: 'Partner Ltd' },
  });
  const start = new Date(Math.ceil(Date.now() / HOUR) * HOUR + HOUR);
  const event = await createEvent(db, {
    actor,
    input: {
      title: 'Meet the client',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + HOUR).toISOString(),
      attendees: [{ name: 'Carla Client', address: 'carla@client.example.test' }],
      sourceMessageId: ids[2]!,
    },
  });
  const chat = await createChat(db, {
    actor,
    input: { memberUserIds: [employee.id], messageId: ids[3]!, firstMessage: 'Does this look right?' },
  });
  await createFeedPost(db, { actor, input: { body: 'Good news from a client.', quotedMessageId: ids[4]! } });
  return {
    org,
    admin,
    employee,
    email,
    mailboxId: mailbox.id,
    inboxId: inbox!.id,
    taskId: task.id,
    leadId: saved.leadId,
    contactId: contact.id,
    eventId: event.id,
    chatId: chat.id,
    week: start.toISOString().slice(0, 10),
  };
}

export type Workspace = Awaited<ReturnType<typeof seedWorkspace>>;

/** A member of an organization that requires two-factor sign-in and who has not set it up yet. */
export async function userPendingTwoFactor() {
  const db = getDb();
  const { org, employee } = await createOrgWithUsers();
  await db.update(organizations).set({ requireTwoFactor: true }).where(eq(organizations.id, org.id));
  return employee;
}

/** A member whose password an admin reset: the next sign-in asks for a new one before anything else. */
export async function userMustChangePassword() {
  const { employee } = await createOrgWithUsers();
  await getDb().update(users).set({ mustChangePassword: true }).where(eq(users.id, employee.id));
  return employee;
}
