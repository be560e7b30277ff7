import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { TaskLinkedMessage } from '@/lib/tasks/get-task';
import { LocalTime } from '@/components/ui/local-time';
import { UnlinkMessageButton } from './unlink-message-button';
import type { TaskAction } from './use-task-action';

/**
 * The e-mails linked to a task. One in a mailbox the viewer may read opens in the webmail; the others are
 * named (the description names them too) but say they cannot be opened.
 */
export function LinkedMessages<T>({
  taskId,
  messages,
  unlinkAction,
}: {
  taskId: string;
  messages: TaskLinkedMessage[];
  unlinkAction: TaskAction<T> | null;
}) {
  const t = useTranslations('tasks.linked');
  return (
    <section aria-labelledby="linked-heading" className="space-y-3" data-testid="task-linked-messages">
      <h2 id="linked-heading" className="text-base font-semibold text-fg">
        {t('title')}
      </h2>
      {messages.length === 0 ? (
        <p className="text-sm text-fg-subtle">{t('none')}</p>
      ) : (
        <ul className="divide-y divide-line-subtle rounded-lg border border-line bg-surface">
          {messages.map((m) => {
            const subject = m.subject.trim() || t('noSubject');
            const from = m.fromName
              ? m.fromAddress
                ? `${m.fromName} <${m.fromAddress}>`
                : m.fromName
              : (m.fromAddress ?? t('unknownSender'));
            return (
              <li
                key={m.id}
                className="flex flex-wrap items-start justify-between gap-3 px-4 py-3 text-sm"
                data-testid="task-linked-message"
              >
                <div className="min-w-0 space-y-0.5">
                  {m.href ? (
                    <Link href={m.href} className="font-medium text-accent-fg hover:underline">
                      {subject}
                    </Link>
                  ) : (
                    <p className="font-medium text-fg">{subject}</p>
                  )}
                  <p className="text-xs text-fg-subtle">
                    {t('from', { from })} · <LocalTime value={m.receivedAt} />
                  </p>
                  {m.canOpen ? null : <p className="text-xs italic text-fg-subtle">{t('cannotOpen')}</p>}
                </div>
                {unlinkAction ? (
                  <UnlinkMessageButton taskId={taskId} messageId={m.id} subject={subject} action={unlinkAction} />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
