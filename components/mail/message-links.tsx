'use client';

import { useTranslations } from 'next-intl';
import type { MessageLinkView } from '@/lib/work/describe-message-links';

/** The work a message is linked to (task, CRM, event, chat, post), under its header in either reading pane. */
export function MessageLinks({ links }: { links: MessageLinkView[] }) {
  const t = useTranslations('mail');
  if (links.length === 0) return null;
  return (
    <ul aria-label={t('work.links')} className="flex flex-wrap gap-1.5 text-xs" data-testid="message-links">
      {links.map((link) => (
        <li key={`${link.kind}:${link.targetId}`} className="rounded bg-success-subtle px-2 py-0.5 text-success-fg">
          <span className="font-semibold">{t(`linked.${link.kind}`)}</span>{' '}
          {link.href ? (
            <a href={link.href} className="underline">
              {link.title || t('noSubject')}
            </a>
          ) : (
            <span>{t('work.notVisible')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
