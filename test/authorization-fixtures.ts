import { desc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import {
  attachments,
  crmActivities,
  crmActivityAttachments,
  crmLeads,
  mailEvents,
  messageBodies,
  messages,
  organizations,
  users,
  type Organization,
} from '@/db/schema';
import type { Actor } from '@/lib/access/actor';
import type { ResolvedSession } from '@/lib/auth/sessions';
import { createEvent } from '@/lib/calendar/create-event';
import { createChat } from '@/lib/chat/create-chat';
import { createFeedPost } from '@/lib/feed/create-feed-post';
import { grantMailboxAccess } from '@/lib/mail/mailboxes/grant-mailbox-access';
import { revokeMailboxAccess } from '@/lib/mail/mailboxes/revoke-mailbox-access';
import { createUpload } from '@/lib/mail/send/create-upload';
import { createTask } from '@/lib/tasks/create-task';
import { toPublicUser } from '@/lib/users/create-user';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from './factories';

/** Text that only the victim's data contains: a refused response that carries it leaked something. */
export const SECRET = 'VICTIM-SECRET-7f3a9c';

export type Persona = 'outsider' | 'employee' | 'reader' | 'revoked' | 'adminNoGrant';
export const personas: Persona[] = ['outsider', 'employee', 'reader', 'revoked', 'adminNoGrant'];

async function sessionOf(userId: string): Promise<ResolvedSession> {
  const db = getDb();
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  const [org] = await db.select().from(organizations).where(eq(organizations.id, user!.orgId));
  return { sessionId: `test-${userId}`, user: toPublicUser(user!), org: org as Organization };
}

const actorOf = (session: ResolvedSession): Actor => ({
  kind: 'user',
  userId: session.user.id,
  orgId: session.org.id,
  role: session.user.role,
});

/**
 * One victim organization with something of every kind, owned by an employee, and the people who must not
 * get at it: an admin of another organization, a colleague without a grant, a read-only grantee, a colleague
 * whose manage grant was revoked, and the victim's own admin, who holds no grant.
 */
export async function createVictim() {
  const db = getDb();
  const org = await createTestOrg(db, { plan: 'standard', name: `Victim ${SECRET}` });
  const [owner, admin, employee, reader, revoked] = await Promise.all([
    createTestUser(db, { orgId: org.id, name: 'Olga Owner' }),
    createTestUser(db, { orgId: org.id, role: 'admin' }),
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id }),
  ]);
  const otherOrg = await createTestOrg(db, { plan: 'standard' });
  const outsider = await createTestUser(db, { orgId: otherOrg.id, role: 'admin' });

  const mailbox = await createTestMailbox(db, {
    orgId: org.id,
    ownerUserId: owner.id,
    email: `sales-${Date.now()}@victim.test`,
  });
  const [messageId] = await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 1 });
  // The thread its insert gave it (migration 0013), and the live-mail event its arrival wrote (migration 0014).
  const [threadRow] = await db
    .select({ threadId: messages.threadId })
    .from(messages)
    .where(eq(messages.id, messageId!));
  const [mailEvent] = await db
    .select({ id: mailEvents.id })
    .from(mailEvents)
    .where(eq(mailEvents.mailboxId, mailbox.id))
    .orderBy(desc(mailEvents.id))
    .limit(1);
  await db
    .update(messages)
    .set({ subject: `${SECRET} subject`, snippet: `${SECRET} snippet` })
    .where(eq(messages.id, messageId!));
  await db
    .insert(messageBodies)
    .values({ messageId: messageId!, orgId: org.id, textBody: `${SECRET} body`, htmlBody: `<p>${SECRET} html</p>` });
  const [attachment] = await db
    .insert(attachments)
    .values({
      orgId: org.id,
      messageId: messageId!,
      position: 0,
      filename: `${SECRET}.pdf`,
      contentType: 'application/pdf',
      size: 3,
      partId: '2',
    })
    .returning();
  const folderId = (
    await db.select({ folderId: messages.folderId }).from(messages).where(eq(messages.id, messageId!))
  )[0]!.folderId;

  const ownerSession = await sessionOf(owner.id);
  const asOwner = actorOf(ownerSession);
  await grantMailboxAccess(db, { actor: asOwner, mailboxId: mailbox.id, userId: reader.id, level: 'read' });
  await grantMailboxAccess(db, { actor: asOwner, mailboxId: mailbox.id, userId: revoked.id, level: 'manage' });
  await revokeMailboxAccess(db, { actor: asOwner, mailboxId: mailbox.id, userId: revoked.id });

  const task = await createTask(db, { actor: asOwner, input: { title: `${SECRET} task`, messageIds: [messageId!] } });
  const event = await createEvent(db, {
    actor: asOwner,
    input: {
      title: `${SECRET} event`,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
    },
  });
  const chat = await createChat(db, {
    actor: asOwner,
    input: { title: `${SECRET} chat`, firstMessage: `${SECRET} post` },
  });
  const feedPost = await createFeedPost(db, { actor: asOwner, input: { body: `${SECRET} feed` } });
  const upload = await createUpload(db, {
    actor: asOwner,
    filename: `${SECRET}.txt`,
    contentType: 'text/plain',
    content: Buffer.from(SECRET),
  });
  const [lead] = await db
    .insert(crmLeads)
    .values({ orgId: org.id, title: `${SECRET} lead`, name: 'Zoe', email: 'zoe@client.test' })
    .returning();
  const [activity] = await db
    .insert(crmActivities)
    .values({
      orgId: org.id,
      leadId: lead!.id,
      direction: 'incoming',
      subject: `${SECRET} activity`,
      fromAddress: 'zoe@client.test',
      htmlBody: `<p>${SECRET}</p>`,
      occurredAt: new Date(),
      routing: { rule: 'new_lead', reason: 'test', assignedToUserId: null },
    })
    .returning();
  const [crmFile] = await db
    .insert(crmActivityAttachments)
    .values({
      orgId: org.id,
      activityId: activity!.id,
      filename: `${SECRET}.pdf`,
      contentType: 'application/pdf',
      size: 6,
      content: Buffer.from(SECRET),
    })
    .returning();

  const sessions: Record<Persona | 'owner', ResolvedSession> = {
    owner: ownerSession,
    outsider: await sessionOf(outsider.id),
    employee: await sessionOf(employee.id),
    reader: await sessionOf(reader.id),
    revoked: await sessionOf(revoked.id),
    adminNoGrant: await sessionOf(admin.id),
  };
  return {
    orgId: org.id,
    sessions,
    ids: {
      mailboxId: mailbox.id,
      mailboxEmail: mailbox.email,
      folderId,
      messageId: messageId!,
      threadId: threadRow!.threadId!,
      mailEventId: mailEvent!.id,
      attachmentId: attachment!.id,
      taskId: task.id,
      eventId: event.id,
      chatId: chat.id,
      feedPostId: feedPost.id,
      uploadId: upload.id,
      leadId: lead!.id,
      activityId: activity!.id,
      crmFileId: crmFile!.id,
      ownerId: owner.id,
      employeeId: employee.id,
      readerId: reader.id,
      adminId: admin.id,
    },
  };
}

export type Victim = Awaited<ReturnType<typeof createVictim>>;

// Every table holding an organization's data; users without their presence column, which only says who was online.
const fingerprinted = [
  'mailboxes',
  'mailbox_access',
  'mail_folders',
  'messages',
  'message_bodies',
  'attachments',
  'message_links',
  'tasks',
  'calendar_events',
  'chats',
  'chat_members',
  'chat_posts',
  'feed_posts',
  'crm_contacts',
  'crm_leads',
  'crm_activities',
  'crm_activity_attachments',
  'crm_exceptions',
  'compose_uploads',
  'audit_log',
];

/** A digest of everything the victim organization holds: equal before and after means nothing changed. */
export async function fingerprint(orgId: string): Promise<string> {
  const db = getDb();
  const parts: string[] = [];
  for (const table of fingerprinted) {
    const [row] = (
      await db.execute<{ digest: string | null }>(
        sql`select md5(string_agg(t::text, '|' order by t::text)) as digest from ${sql.identifier(table)} t where t.org_id = ${orgId}`,
      )
    ).rows;
    parts.push(`${table}:${row?.digest ?? ''}`);
  }
  const [people] = (
    await db.execute<{ digest: string | null }>(
      sql`select md5(string_agg(concat_ws(',', id, role, active, name, email), '|' order by id)) as digest from users where org_id = ${orgId}`,
    )
  ).rows;
  const [org] = (
    await db.execute<{ digest: string | null }>(
      sql`select md5(concat_ws(',', plan, trial_ends_at, name)) as digest from organizations where id = ${orgId}`,
    )
  ).rows;
  return [...parts, `users:${people?.digest ?? ''}`, `org:${org?.digest ?? ''}`].join('\n');
}
