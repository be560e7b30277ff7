import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { TaskListItem } from '@/lib/tasks/find-tasks';
import { LocalTime } from '@/components/ui/local-time';
import { TaskStatusBadge } from './task-status-badge';

/** The tasks of one page of the list, newest first. */
export function TaskList({ tasks, filtered }: { tasks: TaskListItem[]; filtered: boolean }) {
  const t = useTranslations('tasks.list');
  const ts = useTranslations('tasks.status');
  if (tasks.length === 0) return <p className="text-sm text-fg-subtle">{filtered ? t('noMatch') : t('empty')}</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="task-list">
      <caption className="sr-only">{t('label')}</caption>
      <thead className="border-b border-line text-fg-subtle">
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">
            {t('columns.title')}
          </th>
          <th scope="col" className="py-2 pr-3 font-medium">
            {t('columns.status')}
          </th>
          <th scope="col" className="py-2 pr-3 font-medium">
            {t('columns.responsible')}
          </th>
          <th scope="col" className="py-2 pr-3 font-medium">
            {t('columns.deadline')}
          </th>
          <th scope="col" className="py-2 font-medium">
            {t('columns.emails')}
          </th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.id} className="border-b border-line-subtle">
            <td className="py-2 pr-3">
              <Link href={`/tasks/${task.id}`} className="font-medium text-accent-fg hover:underline">
                {task.title}
              </Link>
            </td>
            <td className="py-2 pr-3">
              <TaskStatusBadge status={task.status} label={ts(task.status)} />
            </td>
            <td className="py-2 pr-3 text-fg-muted">{task.responsible?.name ?? t('nobody')}</td>
            <td className="py-2 pr-3 text-fg-muted">
              {task.deadline ? <LocalTime value={task.deadline} /> : t('noDeadline')}
            </td>
            <td className="py-2 text-fg-muted">{t('emailCount', { count: task.linkedMessages })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
