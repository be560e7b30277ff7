'use client';

import { useTranslations } from 'next-intl';
import { storedErrorText } from '@/lib/mail/stored-error';
import type { WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';
import { RelativeTime } from '../ui/relative-time';
import { useSyncMailbox } from './use-sync-mailbox';

function SyncStatus({ mailbox }: { mailbox: WebmailMailbox }) {
  const t = useTranslations('mail.sync');
  const tProblems = useTranslations('problems');
  const sync = useSyncMailbox(mailbox.id);
  const { state, importDone, importTotal, lastSyncAt } = mailbox.sync;
  const lastError = storedErrorText(tProblems, mailbox.sync.lastErrorProblem, mailbox.sync.lastError);
  const running = state === 'importing' || state === 'syncing' || sync.isPending;
  return (
    <div className="mt-1 text-xs text-fg-subtle">
      <div className="flex items-center gap-2">
        <button
          type="button"
          onClick={() => sync.mutate()}
          disabled={running || mailbox.status !== 'active'}
          className="rounded border border-line-strong px-2 py-0.5 font-medium text-fg-muted hover:bg-surface-muted disabled:opacity-60"
        >
          {running ? t('running') : t('button')}
        </button>
        <span aria-live="polite">
          {state === 'importing' && importTotal > 0 ? (
            t('importing', { done: importDone, total: importTotal })
          ) : lastSyncAt ? (
            <RelativeTime value={lastSyncAt}>{(when) => t('last', { when })}</RelativeTime>
          ) : (
            t('never')
          )}
        </span>
      </div>
      {mailbox.status === 'disabled' && <p className="mt-1 text-warning-fg">{t('disabled')}</p>}
      {lastError && state === 'error' && (
        <p role="alert" className="mt-1 text-danger-fg">
          {lastError}
        </p>
      )}
    </div>
  );
}

/** Left pane: each mailbox the user may read, its folders with unread counts, and its sync state. */
export function FolderPane({
  mailboxes,
  folderId,
  onSelect,
  onCompose,
}: {
  mailboxes: WebmailMailbox[];
  folderId: number | null;
  onSelect: (folderId: number) => void;
  onCompose: () => void;
}) {
  const t = useTranslations('mail');
  return (
    <nav aria-label={t('folders')} className="flex h-full flex-col gap-4 overflow-y-auto p-3">
      <button
        type="button"
        onClick={onCompose}
        className="rounded-md bg-accent px-3 py-2 text-sm font-semibold text-on-accent hover:bg-accent-hover"
      >
        {t('compose')}
      </button>
      {mailboxes.map((mailbox) => (
        <section key={mailbox.id} aria-label={mailbox.email}>
          <h2 className="truncate text-xs font-semibold uppercase tracking-wide text-fg-subtle" title={mailbox.email}>
            {mailbox.displayName || mailbox.email}
          </h2>
          <SyncStatus mailbox={mailbox} />
          <ul className="mt-2 space-y-0.5">
            {mailbox.folders.map((folder) => (
              <li key={folder.id}>
                <button
                  type="button"
                  onClick={() => onSelect(folder.id)}
                  aria-current={folder.id === folderId ? 'page' : undefined}
                  className={`flex w-full items-center justify-between rounded px-2 py-1.5 text-left text-sm ${folder.id === folderId ? 'bg-accent-subtle font-semibold text-accent-fg' : 'text-fg-muted hover:bg-surface-muted'}`}
                >
                  <span className="truncate">
                    {folder.specialUse ? t(`special.${folder.specialUse}`) : folder.name}
                  </span>
                  {folder.unread > 0 && (
                    <span
                      className="ml-2 rounded-full bg-surface-strong px-2 text-xs font-semibold text-fg-muted"
                      role="img"
                      aria-label={t(folder.unreadMore ? 'unreadCountMore' : 'unreadCount', {
                        count: folder.unread - (folder.unreadMore ? 1 : 0),
                      })}
                    >
                      {folder.unreadMore ? `${folder.unread - 1}+` : folder.unread}
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
