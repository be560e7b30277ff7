'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState, type FormEvent } from 'react';
import { Button } from '../ui/button';
import type { TaskAction } from './use-task-action';

/** Removes one e-mail from the task; the e-mail itself stays in Mail. */
export function UnlinkMessageButton<T>({
  taskId,
  messageId,
  subject,
  action,
}: {
  taskId: string;
  messageId: number;
  subject: string;
  action: TaskAction<T>;
}) {
  const t = useTranslations('tasks.linked');
  const [state, run, pending] = useActionState(action, null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  };
  return (
    <form onSubmit={submit} className="flex flex-col items-end gap-1">
      <input type="hidden" name="taskId" value={taskId} />
      <input type="hidden" name="messageId" value={messageId} />
      <Button
        type="submit"
        variant="ghost"
        disabled={pending}
        aria-label={t('unlinkLabel', { subject })}
        className="px-2 py-1 text-xs"
      >
        {t('unlink')}
      </Button>
      {state && !state.ok ? (
        <p role="alert" className="text-xs text-danger-fg">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
