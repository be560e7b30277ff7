import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { FeedView } from '@/components/feed/feed-view';
import { MailProviders } from '@/components/mail/mail-providers';
import { getDb } from '@/db/client';
import { findFeedPosts } from '@/lib/feed/find-feed-posts';
import { actorOf, requireSession } from '@/server/session';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('feed'))('title') };
}

export default async function FeedPage() {
  const session = await requireSession();
  const firstPage = await findFeedPosts(getDb(), { actor: actorOf(session) });
  const t = await getTranslations('feed');
  return (
    <div className="mx-auto max-w-2xl space-y-6 p-6 md:p-10">
      <h1 className="text-xl font-semibold text-fg">{t('title')}</h1>
      <MailProviders>
        <FeedView initialPage={firstPage} />
      </MailProviders>
    </div>
  );
}
