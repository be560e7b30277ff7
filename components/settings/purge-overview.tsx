import { getFormatter, getTranslations } from 'next-intl/server';
import type { PurgeOverview as Overview } from '@/lib/retention/get-purge-overview';

/** Settings → Plan: the retention purge's next effect per mailbox and the last run's report. */
export async function PurgeOverview({ overview }: { overview: Overview }) {
  const t = await getTranslations('planSettings.purge');
  const format = await getFormatter();
  const { lastRun } = overview;
  const cell = 'px-2 py-1 text-right tabular-nums';
  return (
    <div className="space-y-4 text-sm">
      <p className="text-fg-muted">
        {overview.cutoff
          ? t('cutoff', { date: format.dateTime(new Date(overview.cutoff), { dateStyle: 'medium', timeZone: 'UTC' }) })
          : t('noMail')}
      </p>
      <table className="w-full" data-testid="purge-preview">
        <caption className="sr-only">{t('next')}</caption>
        <thead className="text-xs text-fg-subtle">
          <tr>
            <th scope="col" className="px-2 py-1 text-left">
              {t('mailbox')}
            </th>
            <th scope="col" className={cell}>
              {t('deleted')}
            </th>
            <th scope="col" className={cell}>
              {t('hidden')}
            </th>
            <th scope="col" className={cell}>
              {t('kept')}
            </th>
          </tr>
        </thead>
        <tbody>
          {overview.next.map((m) => (
            <tr key={m.mailboxId} className="border-t border-line-subtle">
              <th scope="row" className="px-2 py-1 text-left font-normal">
                {m.email}
              </th>
              <td className={cell}>{m.deleted}</td>
              <td className={cell}>{m.hidden}</td>
              <td className={cell}>{m.keptForTasks}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-fg-muted" data-testid="purge-last-run">
        {lastRun
          ? t('lastRun', {
              date: format.dateTime(lastRun.createdAt, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
              deleted: lastRun.deleted,
              hidden: lastRun.hidden,
              kept: lastRun.keptForTasks,
              attachments: lastRun.attachmentsFreed,
              ms: lastRun.durationMs,
            })
          : t('neverRun')}
      </p>
    </div>
  );
}
