import type { DbOrTx } from '@/db/client';
import type { QuotedMessage } from '@/db/schema';
import { getChatForMember } from '../access/chat-access';
import type { Actor } from '../access/actor';
import { listChatMembers, type ChatMemberView } from './chat-members';
import type { ChatPostView } from './chat-post-view';
import { CHAT_PAGE_SIZE, latestChatPosts } from './find-chat-posts';
import { openableMessageHrefs } from '../work/openable-messages';

export type { QuotedMessage };

export type ChatDetail = {
  id: string;
  title: string;
  createdAt: string;
  // The copy of the message the chat is about, shown to every member; the link only to those who may read it.
  quote: QuotedMessage | null;
  messageHref: string | null;
  members: ChatMemberView[];
  posts: ChatPostView[];
  hasOlderPosts: boolean;
};

/** A chat for its page (members only): the quoted message, the members and the latest posts. */
export async function getChat(db: DbOrTx, options: { actor: Actor; chatId: string }): Promise<ChatDetail> {
  const chat = await getChatForMember(db, options);
  const [members, latest, hrefs] = await Promise.all([
    listChatMembers(db, { chatId: chat.id }),
    latestChatPosts(db, { chatId: chat.id, limit: CHAT_PAGE_SIZE }),
    openableMessageHrefs(db, { actor: options.actor, messageIds: [chat.messageId] }),
  ]);
  return {
    id: chat.id,
    title: chat.title,
    createdAt: chat.createdAt.toISOString(),
    quote: chat.quote,
    messageHref: chat.messageId ? (hrefs.get(chat.messageId) ?? null) : null,
    members,
    posts: latest.posts,
    hasOlderPosts: latest.hasOlder,
  };
}
