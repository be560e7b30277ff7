'use client';

import { useTranslations } from 'next-intl';
import type { FeedPage } from '@/lib/feed/find-feed-posts';
import { Button } from '../ui/button';
import { FeedComposer } from './feed-composer';
import { FeedPost } from './feed-post';
import { useFeedPosts } from './use-feed';

/** The composer and the organization's posts, newest first, with "Show older posts" for the next page. */
export function FeedView({ initialPage }: { initialPage: FeedPage }) {
  const t = useTranslations('feed');
  const feed = useFeedPosts(initialPage);
  const posts = feed.data.pages.flatMap((page) => page.items);
  return (
    <div className="space-y-4">
      <FeedComposer />
      <section aria-label={t('posts')} className="space-y-3" data-testid="feed-posts">
        {posts.length === 0 ? (
          <p className="rounded-lg border border-dashed border-line-strong bg-surface p-6 text-sm text-fg-subtle">
            {t('empty')}
          </p>
        ) : null}
        {posts.map((post) => (
          <FeedPost key={post.id} post={post} />
        ))}
      </section>
      {feed.hasNextPage ? (
        <div className="text-center">
          <Button variant="secondary" onClick={() => feed.fetchNextPage()} disabled={feed.isFetchingNextPage}>
            {t('older')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
