import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { ChatRoom } from '@/components/chat/chat-room';
import { MailProviders } from '@/components/mail/mail-providers';
import { getDb } from '@/db/client';
import { CHAT_PAGE_SIZE } from '@/lib/chat/find-chat-posts';
import { getChat, type ChatDetail } from '@/lib/chat/get-chat';
import { isAppError } from '@/lib/errors';
import { actorOf, requireSession } from '@/server/session';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('chat'))('title') };
}

export default async function ChatPage({ params }: Props) {
  const session = await requireSession();
  const { id } = await params;
  let chat: ChatDetail;
  try {
    chat = await getChat(getDb(), { actor: actorOf(session), chatId: id });
  } catch (error) {
    // Not a member (or no such chat): the same 404 either way.
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
  return (
    <MailProviders>
      <ChatRoom chat={chat} currentUserId={session.user.id} pageSize={CHAT_PAGE_SIZE} />
    </MailProviders>
  );
}
