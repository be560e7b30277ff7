import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ChatList } from '@/components/chat/chat-list';
import { NewChatForm } from '@/components/chat/new-chat-form';
import { MailProviders } from '@/components/mail/mail-providers';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { listChats } from '@/lib/chat/list-chats';
import { actorOf, requireSession } from '@/server/session';
import { createChatAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('chat'))('title') };
}

export default async function ChatsPage() {
  const session = await requireSession();
  const chats = await listChats(getDb(), { actor: actorOf(session) });
  const t = await getTranslations('chat');
  return (
    <div className="mx-auto grid max-w-5xl gap-6 p-6 md:grid-cols-[1fr_20rem] md:p-10">
      <section aria-labelledby="chats-heading" className="space-y-4">
        <h1 id="chats-heading" className="text-xl font-semibold text-fg">
          {t('title')}
        </h1>
        <ChatList chats={chats} />
      </section>
      <MailProviders>
        <Card title={t('new.heading')}>
          <NewChatForm action={createChatAction} currentUserId={session.user.id} />
        </Card>
      </MailProviders>
    </div>
  );
}
