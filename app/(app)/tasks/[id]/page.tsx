import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { LocalTime } from '@/components/ui/local-time';
import { DeleteTaskButton } from '@/components/tasks/delete-task-button';
import { LinkedMessages } from '@/components/tasks/linked-messages';
import { TaskForm } from '@/components/tasks/task-form';
import { TaskStatusBadge } from '@/components/tasks/task-status-badge';
import { TaskStatusButtons } from '@/components/tasks/task-status-buttons';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { listColleagues } from '@/lib/users/list-colleagues';
import { actorOf, requireSession } from '@/server/session';
import { changeTaskStatusAction, deleteTaskAction, unlinkTaskMessageAction, updateTaskAction } from '../actions';
import { loadTaskOr404 } from './load-task';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('tasks'))('detail.pageTitle') };
}

export default async function TaskPage({ params }: Props) {
  const session = await requireSession();
  const actor = actorOf(session);
  const task = await loadTaskOr404(session, (await params).id);
  const colleagues = task.canEdit ? await listColleagues(getDb(), { actor }) : [];
  const t = await getTranslations('tasks');
  return (
    <div className="mx-auto max-w-3xl space-y-6 p-6 md:p-10">
      <Link href="/tasks" className="text-sm text-accent-fg hover:underline">
        {t('detail.back')}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold text-fg">{task.title}</h1>
        <TaskStatusBadge status={task.status} label={t(`status.${task.status}`)} />
      </div>
      <Card>
        <dl className="grid grid-cols-[8rem_1fr] gap-y-3 text-sm">
          <dt className="text-fg-subtle">{t('detail.responsible')}</dt>
          <dd>{task.responsible?.name ?? t('detail.nobody')}</dd>
          <dt className="text-fg-subtle">{t('detail.deadline')}</dt>
          <dd>{task.deadline ? <LocalTime value={task.deadline} /> : t('detail.noDeadline')}</dd>
          <dt className="text-fg-subtle">{t('detail.creator')}</dt>
          <dd>{task.creator?.name ?? t('detail.formerColleague')}</dd>
          <dt className="text-fg-subtle">{t('detail.created')}</dt>
          <dd>
            <LocalTime value={task.createdAt} />
          </dd>
        </dl>
        <h2 className="mt-5 text-sm font-semibold text-fg-muted">{t('detail.description')}</h2>
        {task.description ? (
          <p className="mt-1 whitespace-pre-wrap text-sm text-fg">{task.description}</p>
        ) : (
          <p className="mt-1 text-sm text-fg-subtle">{t('detail.noDescription')}</p>
        )}
        {task.canEdit ? (
          <div className="mt-5">
            <TaskStatusButtons taskId={task.id} status={task.status} action={changeTaskStatusAction} />
          </div>
        ) : null}
      </Card>
      <LinkedMessages
        taskId={task.id}
        messages={task.messages}
        unlinkAction={task.canEdit ? unlinkTaskMessageAction : null}
      />
      {task.canEdit ? (
        <Card title={t('detail.edit')}>
          <TaskForm
            action={updateTaskAction}
            colleagues={colleagues}
            currentUserId={actor.userId}
            task={{
              id: task.id,
              title: task.title,
              description: task.description,
              status: task.status,
              responsible: task.responsible,
              deadline: task.deadline,
              updatedAt: task.updatedAt,
            }}
          />
        </Card>
      ) : null}
      {task.canDelete ? <DeleteTaskButton taskId={task.id} action={deleteTaskAction} /> : null}
    </div>
  );
}
