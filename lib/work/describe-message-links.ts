import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  calendarEvents,
  chatMembers,
  chats,
  crmActivities,
  crmContacts,
  crmLeads,
  feedPosts,
  messageLinks,
  tasks,
  type MessageLinkKind,
} from '@/db/schema';
import type { Actor } from '../access/actor';
import { eventVisibleTo } from '../access/calendar-access';
import { taskVisibleTo } from '../access/task-access';
import { isUuid } from '../validation';

export type MessageLinkView = { kind: MessageLinkKind; targetId: string; title: string | null; href: string | null };

/**
 * What a message is linked to, for its reading pane. Work the viewer may not see (someone else's task, a chat
 * they are not in) shows as its kind only: the link is a fact about the message, the work's title is not theirs.
 */
export async function describeMessageLinks(
  db: DbOrTx,
  options: { actor: Actor; messageId: number },
): Promise<MessageLinkView[]> {
  const { actor } = options;
  if (actor.kind !== 'user') return [];
  const links = await db
    .select({ kind: messageLinks.kind, targetId: messageLinks.targetId })
    .from(messageLinks)
    .where(eq(messageLinks.messageId, options.messageId))
    .orderBy(messageLinks.id);
  const ids = (kind: MessageLinkKind) =>
    links.filter((l) => l.kind === kind && isUuid(l.targetId)).map((l) => l.targetId);
  const none = Promise.resolve([] as Array<{ id: string; title: string; href: string }>);
  const me = actor.userId;

  const [taskRows, crmRows, eventRows, chatRows, postRows] = await Promise.all([
    ids('task').length === 0
      ? none
      : db
          .select({ id: tasks.id, title: tasks.title, href: sql<string>`'/tasks/' || ${tasks.id}` })
          .from(tasks)
          .where(and(inArray(tasks.id, ids('task')), taskVisibleTo(actor))),
    ids('crm').length === 0
      ? none
      : db
          .select({
            id: crmActivities.id,
            title: sql<string>`coalesce(${crmContacts.name}, ${crmLeads.title}, '')`,
            href: sql<string>`case when ${crmActivities.contactId} is not null then '/crm/contacts/' || ${crmActivities.contactId} else '/crm/leads/' || ${crmActivities.leadId} end`,
          })
          .from(crmActivities)
          .leftJoin(crmContacts, eq(crmContacts.id, crmActivities.contactId))
          .leftJoin(crmLeads, eq(crmLeads.id, crmActivities.leadId))
          .where(and(inArray(crmActivities.id, ids('crm')), eq(crmActivities.orgId, actor.orgId))),
    ids('calendar').length === 0
      ? none
      : db
          .select({
            id: calendarEvents.id,
            title: calendarEvents.title,
            href: sql<string>`'/calendar/events/' || ${calendarEvents.id}`,
          })
          .from(calendarEvents)
          .where(and(inArray(calendarEvents.id, ids('calendar')), eventVisibleTo(actor))),
    ids('chat').length === 0
      ? none
      : db
          .select({ id: chats.id, title: chats.title, href: sql<string>`'/chat/' || ${chats.id}` })
          .from(chats)
          .innerJoin(chatMembers, and(eq(chatMembers.chatId, chats.id), eq(chatMembers.userId, me)))
          .where(and(inArray(chats.id, ids('chat')), eq(chats.orgId, actor.orgId))),
    ids('feed').length === 0
      ? none
      : db
          .select({
            id: feedPosts.id,
            title: sql<string>`left(${feedPosts.body}, 80)`,
            href: sql<string>`'/feed#post-' || ${feedPosts.id}`,
          })
          .from(feedPosts)
          .where(and(inArray(feedPosts.id, ids('feed')), eq(feedPosts.orgId, actor.orgId))),
  ]);
  const visible = new Map(
    [...taskRows, ...crmRows, ...eventRows, ...chatRows, ...postRows].map((row) => [row.id, row]),
  );
  return links.map((link) => {
    const row = visible.get(link.targetId);
    return { kind: link.kind, targetId: link.targetId, title: row?.title ?? null, href: row?.href ?? null };
  });
}
