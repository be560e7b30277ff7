'use client';

import { useTranslations } from 'next-intl';
import type { ChatDetail } from '@/lib/chat/get-chat';
import { ChatComposer } from './chat-composer';
import { ChatMembers } from './chat-members';
import { ChatPostList } from './chat-post-list';
import { MessageQuote } from '@/components/ui/message-quote';
import { useChatPosts } from './use-chat-posts';

/** An open chat: what it is about, who is in it, and the conversation, which updates while the tab is open. */
export function ChatRoom({
  chat,
  currentUserId,
  pageSize,
}: {
  chat: ChatDetail;
  currentUserId: string;
  pageSize: number;
}) {
  const t = useTranslations('chat');
  const { posts, pollFailing, send, loadOlder, hasOlder } = useChatPosts({
    chatId: chat.id,
    initialPosts: chat.posts,
    initialHasOlder: chat.hasOlderPosts,
    pageSize,
  });
  return (
    <div className="mx-auto flex h-full max-w-4xl flex-col gap-4 p-4 md:p-6">
      <h1 className="text-xl font-semibold text-fg">{chat.title || t('untitled')}</h1>
      <div className={chat.quote ? 'grid gap-4 md:grid-cols-[1fr_16rem]' : ''}>
        {chat.quote ? <MessageQuote quote={chat.quote} href={chat.messageHref} /> : null}
        <ChatMembers chatId={chat.id} initialMembers={chat.members} />
      </div>
      <section
        aria-labelledby="chat-posts-heading"
        className="flex min-h-[20rem] flex-1 flex-col rounded-lg border border-line bg-surface"
      >
        <h2 id="chat-posts-heading" className="sr-only">
          {t('room.posts')}
        </h2>
        <ChatPostList
          posts={posts}
          currentUserId={currentUserId}
          hasOlder={hasOlder}
          loadingOlder={loadOlder.isPending}
          onLoadOlder={() => loadOlder.mutate()}
        />
        {pollFailing ? (
          <p role="status" className="px-4 pb-1 text-xs text-warning-fg">
            {t('room.reconnecting')}
          </p>
        ) : null}
        <ChatComposer send={send} />
      </section>
    </div>
  );
}
