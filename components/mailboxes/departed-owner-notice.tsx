import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { DepartedOwnerNotice as Notice } from '@/lib/mail/mailboxes/departed-owner-notices';
import { LocalTime } from '../ui/local-time';

/** Tells admins which departed employees' mailboxes stop within a week, with the way to keep them. */
export function DepartedOwnerNotice({ notices }: { notices: Notice[] }) {
  const t = useTranslations('mailboxAccess');
  return (
    <div
      role="status"
      className="rounded-md border border-warning-line bg-warning-subtle px-4 py-3 text-sm text-warning-fg"
      data-testid="departed-owner-notice"
    >
      <p className="font-medium">{t('departedTitle', { count: notices.length })}</p>
      <ul className="mt-1 space-y-0.5">
        {notices.map((notice) => (
          <li key={notice.mailboxId}>
            {t.rich('departedLine', {
              email: notice.email,
              name: notice.ownerName,
              mailbox: (chunks) => (
                <Link href={`/settings/mailboxes/${notice.mailboxId}`} className="underline">
                  {chunks}
                </Link>
              ),
              when: () => <LocalTime value={notice.disconnectAt.toISOString()} />,
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
