'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState } from 'react';
import type { TaskStatus } from '@/db/schema';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import type { TaskAction } from './use-task-action';

// The next steps from each status: work starts, work ends, finished work can be reopened.
const nextSteps: Record<TaskStatus, Array<{ status: TaskStatus; label: 'start' | 'done' | 'reopen' }>> = {
  open: [
    { status: 'in_progress', label: 'start' },
    { status: 'done', label: 'done' },
  ],
  in_progress: [{ status: 'done', label: 'done' }],
  done: [{ status: 'open', label: 'reopen' }],
};

/** One click to move a task on, without opening the edit form. */
export function TaskStatusButtons<T>({
  taskId,
  status,
  action,
}: {
  taskId: string;
  status: TaskStatus;
  action: TaskAction<T>;
}) {
  const t = useTranslations('tasks.statusActions');
  const [state, run, pending] = useActionState(action, null);
  const change = (next: TaskStatus) => {
    const data = new FormData();
    data.set('taskId', taskId);
    data.set('status', next);
    startTransition(() => run(data));
  };
  return (
    <div role="group" aria-label={t('label')} className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {nextSteps[status].map((step) => (
          <Button
            key={step.status}
            type="button"
            variant={step.status === 'done' ? 'primary' : 'secondary'}
            disabled={pending}
            onClick={() => change(step.status)}
          >
            {t(step.label)}
          </Button>
        ))}
      </div>
      {state && !state.ok ? <Alert>{state.error}</Alert> : null}
    </div>
  );
}
