import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { TaskFilters, type TaskFilterValues } from '@/components/tasks/task-filters';
import { TaskForm } from '@/components/tasks/task-form';
import { TaskList } from '@/components/tasks/task-list';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { RefusedFilters } from '@/components/ui/refused-filters';
import { getDb } from '@/db/client';
import { findTasks } from '@/lib/tasks/find-tasks';
import { findTasksSchema, type FindTasksInput } from '@/lib/tasks/task-schema';
import { listColleagues } from '@/lib/users/list-colleagues';
import { actorOf, requireSession } from '@/server/session';
import { listFromQuery, singleParam as single } from '../list-from-query';
import { createTaskAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('tasks'))('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function listHref(values: TaskFilterValues, cursor: string): string {
  const params = new URLSearchParams();
  if (values.q) params.set('q', values.q);
  if (values.status) params.set('status', values.status);
  if (values.mine) params.set('mine', '1');
  params.set('cursor', cursor);
  return `/tasks?${params}`;
}

export default async function TasksPage({ searchParams }: Props) {
  const session = await requireSession();
  const actor = actorOf(session);
  const query = await searchParams;
  // A hand-edited or stale URL shows the list without what findTasks refuses (listFromQuery says how). The
  // values are the URL's text, which findTasks validates as it does the API's query string.
  const [{ list: page, applied, refused }, colleagues] = await Promise.all([
    listFromQuery(
      { status: single(query.status), mine: single(query.mine), q: single(query.q), cursor: single(query.cursor) },
      (filters) => findTasks(getDb(), { actor, filters: filters as FindTasksInput }),
    ),
    listColleagues(getDb(), { actor }),
  ]);
  // findTasks accepted these with this schema, so they parse.
  const filters = findTasksSchema.parse(applied);
  const deletedParam = single(query.deleted);
  const deleted = deletedParam && /^\d+$/.test(deletedParam) ? Number(deletedParam) : null;
  const t = await getTranslations('tasks');
  const filterValues: TaskFilterValues = { q: filters.q ?? '', status: filters.status, mine: filters.mine };
  const nextHref = page.nextCursor ? listHref(filterValues, page.nextCursor) : null;
  return (
    <div className="mx-auto max-w-5xl space-y-6 p-6 md:p-10">
      <h1 className="text-xl font-semibold text-fg">{t('title')}</h1>
      {deleted !== null ? <Alert tone="success">{t('deleted', { count: deleted })}</Alert> : null}
      <details className="group rounded-lg border border-line bg-surface shadow-sm">
        <summary className="cursor-pointer px-6 py-4 text-base font-semibold text-fg">{t('newTask')}</summary>
        <div className="border-t border-line-subtle px-6 py-4">
          <TaskForm action={createTaskAction} colleagues={colleagues} currentUserId={actor.userId} />
        </div>
      </details>
      <Card>
        <div className="space-y-4">
          <TaskFilters values={filterValues} />
          <RefusedFilters
            refused={refused}
            labels={{ q: t('filters.search'), status: t('filters.status'), mine: t('filters.mine') }}
          />
          <TaskList
            tasks={page.items}
            filtered={
              filterValues.q !== '' ||
              filterValues.status !== undefined ||
              filterValues.mine ||
              filters.cursor !== undefined
            }
          />
          {nextHref ? (
            <Link href={nextHref} className="inline-block text-sm font-medium text-accent-fg hover:underline">
              {t('list.more')}
            </Link>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
