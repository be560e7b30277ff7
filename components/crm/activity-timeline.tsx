import { getFormatter, getTranslations } from 'next-intl/server';
import type { CrmActivityView } from '@/lib/crm/activity-views';
import { wordRoutingReason } from '@/lib/crm/routing-reason';
import { ActivityHtmlFrame } from './activity-html-frame';

function person(p: { name: string | null; address: string | null }): string {
  return p.name && p.address ? `${p.name} <${p.address}>` : (p.address ?? p.name ?? '');
}

/** The e-mails of a contact or lead, newest first: who, when, why it was routed so, the text and the files. */
export async function ActivityTimeline({ activities }: { activities: CrmActivityView[] }) {
  const t = await getTranslations('crm.activity');
  const tReasons = await getTranslations('crm.activity.reasons');
  const format = await getFormatter();
  const size = (bytes: number) =>
    bytes < 1024
      ? format.number(bytes, { style: 'unit', unit: 'byte', unitDisplay: 'long' })
      : bytes < 1024 * 1024
        ? format.number(bytes / 1024, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 })
        : format.number(bytes / 1024 / 1024, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  if (activities.length === 0) return <p className="text-sm text-fg-subtle">{t('none')}</p>;
  return (
    <ol className="space-y-4" data-testid="crm-activities">
      {activities.map((a) => (
        <li
          key={a.id}
          className="space-y-3 rounded-lg border border-line bg-surface p-4 shadow-sm"
          data-testid="crm-activity"
        >
          <header className="space-y-1">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="font-medium text-fg">
                <span className="mr-2 rounded bg-surface-muted px-1.5 py-0.5 text-xs font-medium text-fg-muted">
                  {t(`direction.${a.direction}`)}
                </span>
                {a.subject || t('noSubject')}
              </h3>
              <time dateTime={a.occurredAt} className="text-sm text-fg-subtle">
                {format.dateTime(new Date(a.occurredAt), { dateStyle: 'medium', timeStyle: 'short' })}
              </time>
            </div>
            <p className="text-sm text-fg-muted">{t('from', { from: person(a.from) })}</p>
            {a.to.length > 0 ? (
              <p className="text-sm text-fg-muted">{t('to', { to: a.to.map((p) => person(p)).join(', ') })}</p>
            ) : null}
          </header>
          <div className="rounded-md bg-surface-subtle px-3 py-2 text-sm text-fg-muted" data-testid="crm-routing">
            <p className="font-medium">
              {t(`rule.${a.routing.rule}`)}
              {' · '}
              {a.responsible ? t('assignedTo', { name: a.responsible.name }) : t('unassigned')}
            </p>
            <p>{wordRoutingReason(a.routing, tReasons)}</p>
          </div>
          {a.text.length > 0 ? (
            // A long e-mail scrolls inside its box, so the box must take focus for the keyboard to scroll it
            // (WCAG 2.1.1, axe's scrollable-region-focusable): a named region, reachable with Tab.
            <section
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard
              tabIndex={0}
              aria-label={a.subject || t('noSubject')}
              className="max-h-96 overflow-auto whitespace-pre-wrap break-words text-sm text-fg focus:outline-none focus-visible:ring-2 focus-visible:ring-focus"
            >
              {a.text.map((token, index) =>
                token.kind === 'link' ? (
                  <a
                    key={index}
                    href={token.href}
                    target="_blank"
                    rel="noopener noreferrer nofollow"
                    className="text-accent-fg underline"
                  >
                    {token.value}
                  </a>
                ) : (
                  <span key={index}>{token.value}</span>
                ),
              )}
              {a.textTruncated ? <p className="mt-2 italic text-fg-subtle">{t('truncated')}</p> : null}
            </section>
          ) : null}
          {a.hasHtml ? <ActivityHtmlFrame activityId={a.id} initiallyOpen={a.text.length === 0} /> : null}
          {a.attachments.length > 0 ? (
            <ul className="flex flex-wrap gap-2" aria-label={t('attachments')}>
              {a.attachments.map((file) => (
                <li key={file.id} className="text-sm">
                  {file.copied ? (
                    <a
                      href={`/api/crm/attachments/${file.id}`}
                      download
                      className="inline-flex items-center gap-1 rounded border border-line px-2 py-1 hover:bg-surface-subtle"
                    >
                      <span className="max-w-48 truncate">{file.filename || t('unnamedFile')}</span>
                      <span className="text-fg-subtle">{size(file.size)}</span>
                    </a>
                  ) : (
                    <span
                      className="inline-flex items-center gap-1 rounded border border-dashed border-line-strong px-2 py-1 text-fg-subtle"
                      title={t('notCopiedHint')}
                    >
                      <span className="max-w-48 truncate">{file.filename || t('unnamedFile')}</span>
                      <span>{t('notCopied', { size: size(file.size) })}</span>
                    </span>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
