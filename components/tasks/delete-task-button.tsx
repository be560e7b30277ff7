'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState, useState } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import type { TaskAction } from './use-task-action';

type Step =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'confirm'; count: number }
  | { kind: 'failed'; message: string };

// How many e-mails go with the task is asked when the user clicks, not when the page was rendered: links
// may have changed since (another tab, a colleague linking the same e-mail to other work).
async function fetchDeletionCount(taskId: string): Promise<number> {
  const response = await fetch(`/api/tasks/${taskId}/deletion-preview`, { headers: { Accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as { messages?: number; error?: { message?: string } } | null;
  if (!response.ok || typeof body?.messages !== 'number') throw new Error(body?.error?.message ?? '');
  return body.messages;
}

/** Deletes the task after the user confirms, saying how many e-mails leave Mailroom with it. */
export function DeleteTaskButton<T>({ taskId, action }: { taskId: string; action: TaskAction<T> }) {
  const t = useTranslations('tasks.delete');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [state, run, pending] = useActionState(action, null);

  const ask = async () => {
    setStep({ kind: 'checking' });
    try {
      setStep({ kind: 'confirm', count: await fetchDeletionCount(taskId) });
    } catch (error) {
      setStep({ kind: 'failed', message: (error instanceof Error && error.message) || t('previewFailed') });
    }
  };
  const confirm = () => {
    const data = new FormData();
    data.set('taskId', taskId);
    startTransition(() => run(data));
  };

  if (step.kind === 'confirm') {
    return (
      <div
        role="alertdialog"
        aria-labelledby="delete-task-question"
        className="space-y-3 rounded-lg border border-danger-line bg-danger-subtle p-4"
        data-testid="task-delete-confirm"
      >
        <p id="delete-task-question" className="text-sm text-danger-fg">
          {t('confirm', { count: step.count })}
        </p>
        <div className="flex gap-2">
          <button
            type="button"
            onClick={confirm}
            disabled={pending}
            className="inline-flex items-center rounded-md bg-danger px-3.5 py-2 text-sm font-medium text-on-accent hover:bg-danger-hover focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-danger disabled:cursor-not-allowed disabled:bg-danger"
          >
            {pending ? t('deleting') : t('confirmButton')}
          </button>
          <Button
            type="button"
            variant="secondary"
            onClick={() => setStep({ kind: 'idle' })}
            disabled={pending}
            autoFocus
          >
            {t('cancel')}
          </Button>
        </div>
        {state && !state.ok ? <Alert>{state.error}</Alert> : null}
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <Button type="button" variant="secondary" onClick={() => void ask()} disabled={step.kind === 'checking'}>
        {step.kind === 'checking' ? t('checking') : t('button')}
      </Button>
      {step.kind === 'failed' ? <Alert>{step.message}</Alert> : null}
    </div>
  );
}
