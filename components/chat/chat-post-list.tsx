'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import type { ChatPostView } from '@/lib/chat/chat-post-view';
import { LocalTime } from '@/components/ui/local-time';

// Within this distance of the bottom the reader is following the conversation, and new posts scroll it.
const FOLLOW_PX = 80;

export function ChatPostList({
  posts,
  currentUserId,
  hasOlder,
  loadingOlder,
  onLoadOlder,
}: {
  posts: ChatPostView[];
  currentUserId: string;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
}) {
  const t = useTranslations('chat.room');
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const lastId = posts.at(-1)?.id;

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the newest post changes, to follow it
  useEffect(() => {
    const element = scroller.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [lastId]);

  return (
    <div
      ref={scroller}
      onScroll={(e) => {
        const element = e.currentTarget;
        following.current = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_PX;
      }}
      className="min-h-0 flex-1 overflow-y-auto p-4"
    >
      {hasOlder ? (
        <div className="mb-3 text-center">
          <button
            type="button"
            onClick={onLoadOlder}
            disabled={loadingOlder}
            className="text-xs font-medium text-accent-fg hover:underline disabled:opacity-60"
          >
            {t('loadEarlier')}
          </button>
        </div>
      ) : null}
      {posts.length === 0 ? <p className="text-sm text-fg-subtle">{t('noPosts')}</p> : null}
      <div role="log" aria-live="polite" aria-label={t('posts')}>
        <ol data-testid="chat-posts" className="space-y-3">
          {posts.map((post) => (
            <li key={post.id} data-testid="chat-post" className={post.author?.id === currentUserId ? 'pl-8' : 'pr-8'}>
              <p className="text-xs text-fg-subtle">
                <span className="font-medium text-fg-muted">{post.author?.name ?? t('formerColleague')}</span> ·{' '}
                <LocalTime value={post.createdAt} />
              </p>
              <p
                className={`mt-0.5 whitespace-pre-wrap break-words rounded-lg px-3 py-2 text-sm ${post.author?.id === currentUserId ? 'bg-accent-subtle' : 'bg-surface-muted'}`}
              >
                {post.body}
              </p>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
