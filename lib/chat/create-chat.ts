import type { DbOrTx } from '@/db/client';
import { chatPosts, chats } from '@/db/schema';
import { chatUserOf } from '../access/chat-access';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { fieldError, parseInput } from '../validation';
import { linkMessage, lockMessageForLink } from '../work/message-links';
import { loadMessageSource } from '../work/message-source';
import { insertChatMembers, throwIfNotColleagues } from './chat-members';
import { createChatSchema, type CreateChatInput } from './chat-schema';

const TITLE_MAX = 200;

/**
 * A chat between the actor and the colleagues chosen, optionally about a message the actor may read (its
 * subject is the default title; a copy of it is kept as the quote). Chat, members, link and first post are
 * written in one transaction with the message row locked, so a purge cannot slip between them.
 */
export async function createChat(
  db: DbOrTx,
  options: { actor: Actor; input: CreateChatInput },
): Promise<{ id: string }> {
  const actor = chatUserOf(options.actor);
  const input = parseInput(createChatSchema, options.input);
  const source =
    input.messageId !== undefined ? await loadMessageSource(db, { actor, messageId: input.messageId }) : null;
  if (!source && !input.title) {
    throw fieldError('title', { key: 'field.titleRequired' });
  }
  // A message without a subject gives an empty title; the pages show "Untitled chat" for it.
  const title = input.title || (source?.quote.subject ?? '').slice(0, TITLE_MAX);
  const memberIds = [...new Set([actor.userId, ...(input.memberUserIds ?? [])])];
  await throwIfNotColleagues(db, { orgId: actor.orgId, userIds: memberIds });

  return db.transaction(async (tx) => {
    if (source && !(await lockMessageForLink(tx, source.message.id))) {
      throw new AppError('not_found', { problem: { key: 'mail.messageGone' } });
    }
    const [chat] = await tx
      .insert(chats)
      .values({
        orgId: actor.orgId,
        title,
        messageId: source?.message.id ?? null,
        quote: source?.quote ?? null,
        createdByUserId: actor.userId,
      })
      .returning({ id: chats.id });
    const chatId = chat!.id;
    await insertChatMembers(tx, { orgId: actor.orgId, chatId, userIds: memberIds });
    if (source)
      await linkMessage(tx, {
        orgId: actor.orgId,
        messageId: source.message.id,
        kind: 'chat',
        targetId: chatId,
        userId: actor.userId,
      });
    if (input.firstMessage)
      await tx
        .insert(chatPosts)
        .values({ orgId: actor.orgId, chatId, authorUserId: actor.userId, body: input.firstMessage });
    return { id: chatId };
  });
}
