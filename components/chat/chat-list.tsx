import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { ChatSummary } from '@/lib/chat/list-chats';
import { LocalTime } from '@/components/ui/local-time';

/** The user's chats, the most recently active first. */
export function ChatList({ chats }: { chats: ChatSummary[] }) {
  const t = useTranslations('chat');
  if (chats.length === 0)
    return (
      <p className="rounded-lg border border-dashed border-line-strong bg-surface p-6 text-sm text-fg-subtle">
        {t('list.empty')}
      </p>
    );
  return (
    <ul
      data-testid="chat-list"
      className="divide-y divide-line overflow-hidden rounded-lg border border-line bg-surface"
    >
      {chats.map((chat) => (
        <li key={chat.id}>
          <Link
            href={`/chat/${chat.id}`}
            className="block px-4 py-3 hover:bg-surface-subtle focus-visible:bg-surface-subtle"
          >
            <span className="flex items-baseline justify-between gap-3">
              <span className="truncate font-medium text-fg">{chat.title || t('untitled')}</span>
              <LocalTime value={chat.lastActivityAt} className="shrink-0 text-xs text-fg-subtle" />
            </span>
            <span className="mt-0.5 block truncate text-sm text-fg-muted">
              {chat.lastPost
                ? `${chat.lastPost.authorName ?? t('room.formerColleague')}: ${chat.lastPost.excerpt}`
                : t('list.noPosts')}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
