import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { TaskStatus } from '@/db/schema';

const statuses: TaskStatus[] = ['open', 'in_progress', 'done'];
const control =
  'rounded-md border border-line-strong bg-surface px-3 py-2 text-sm shadow-sm focus:border-accent-line focus:outline-none focus:ring-2 focus:ring-focus/30';

export type TaskFilterValues = { q: string; status: TaskStatus | undefined; mine: boolean };

/** The list's filters as a plain GET form: the URL holds them, so a filtered list can be bookmarked. */
export function TaskFilters({ values }: { values: TaskFilterValues }) {
  const t = useTranslations('tasks.filters');
  const ts = useTranslations('tasks.status');
  const filtered = values.q !== '' || values.status !== undefined || values.mine;
  return (
    <form method="get" action="/tasks" role="search" aria-label={t('label')} className="flex flex-wrap items-end gap-3">
      <div className="space-y-1">
        <label htmlFor="task-search" className="block text-sm font-medium text-fg-muted">
          {t('search')}
        </label>
        <input id="task-search" name="q" type="search" maxLength={200} defaultValue={values.q} className={control} />
      </div>
      <div className="space-y-1">
        <label htmlFor="task-status-filter" className="block text-sm font-medium text-fg-muted">
          {t('status')}
        </label>
        <select id="task-status-filter" name="status" defaultValue={values.status ?? ''} className={control}>
          <option value="">{t('anyStatus')}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {ts(s)}
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-center gap-2 py-2 text-sm text-fg-muted">
        <input
          type="checkbox"
          name="mine"
          value="1"
          defaultChecked={values.mine}
          className="size-4 rounded border-line-strong"
        />
        {t('mine')}
      </label>
      <button
        type="submit"
        className="rounded-md border border-line-strong bg-surface px-3.5 py-2 text-sm font-medium text-fg hover:bg-surface-subtle"
      >
        {t('apply')}
      </button>
      {filtered ? (
        <Link href="/tasks" className="py-2 text-sm font-medium text-accent-fg hover:underline">
          {t('clear')}
        </Link>
      ) : null}
    </form>
  );
}
