'use client';

import { useTranslations } from 'next-intl';
import type { FeedPostView } from '@/lib/feed/find-feed-posts';
import { LocalTime } from '@/components/ui/local-time';
import { MessageQuote } from '@/components/ui/message-quote';
import { errorMessage } from '../mail/mail-api';
import { useDeleteFeedPost } from './use-feed';

/** One post; the id matches the links the mail shows for posts quoting a message (/feed#post-<id>). */
export function FeedPost({ post }: { post: FeedPostView }) {
  const t = useTranslations('feed.post');
  const remove = useDeleteFeedPost();
  const headingId = `post-${post.id}-author`;
  return (
    <article
      id={`post-${post.id}`}
      aria-labelledby={headingId}
      data-testid="feed-post"
      className="space-y-2 rounded-lg border border-line bg-surface p-4 shadow-sm"
    >
      <header className="flex items-baseline justify-between gap-3">
        <h2 id={headingId} className="text-sm font-semibold text-fg">
          {post.author?.name ?? t('formerColleague')}
        </h2>
        <LocalTime value={post.createdAt} className="shrink-0 text-xs text-fg-subtle" />
      </header>
      <p className="whitespace-pre-wrap break-words text-sm text-fg">{post.body}</p>
      {post.quote ? <MessageQuote quote={post.quote} href={post.messageHref} /> : null}
      {post.canDelete ? (
        <div className="flex items-center justify-end gap-3">
          {remove.error ? (
            <p role="alert" className="text-xs text-danger-fg">
              {errorMessage(remove.error)}
            </p>
          ) : null}
          <button
            type="button"
            onClick={() => window.confirm(t('confirmDelete')) && remove.mutate(post.id)}
            disabled={remove.isPending}
            aria-label={t('deleteLabel', { author: post.author?.name ?? t('formerColleague') })}
            className="text-xs font-medium text-fg-subtle hover:text-danger-fg disabled:opacity-60"
          >
            {t('delete')}
          </button>
        </div>
      ) : null}
    </article>
  );
}
