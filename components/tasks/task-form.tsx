'use client';

import { useTranslations } from 'next-intl';
import type { TaskStatus } from '@/db/schema';
import type { Colleague } from '@/lib/users/list-colleagues';
import { useHydrated } from '@/components/ui/use-hydrated';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { SelectField, TextField } from '../ui/field';
import { useTaskAction, type TaskAction } from './use-task-action';

export type TaskFormValues = {
  id: string;
  title: string;
  description: string;
  status: TaskStatus;
  responsible: { id: string; name: string } | null;
  deadline: string | null;
  updatedAt: string;
};

const statuses: TaskStatus[] = ['open', 'in_progress', 'done'];
const textareaClass =
  'block w-full rounded-md border border-line-strong bg-surface px-3 py-2 text-sm shadow-sm focus:border-accent-line focus:outline-none focus:ring-2 focus:ring-focus/30';

function localInputValue(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Create a task (no `task`) or edit one. The deadline is entered in the browser's zone, so its input is filled
 * once the page has hydrated (the server does not know that zone). The form is remounted when the task changes
 * elsewhere (the status buttons), so saving it never writes back a value it showed before that change.
 */
export function TaskForm<T>({
  action,
  colleagues,
  currentUserId,
  task,
}: {
  action: TaskAction<T>;
  colleagues: Colleague[];
  currentUserId: string;
  task?: TaskFormValues;
}) {
  const t = useTranslations('tasks.form');
  const ts = useTranslations('tasks.status');
  const hydrated = useHydrated();
  const form = useTaskAction(action);
  const responsible = task ? (task.responsible?.id ?? '') : currentUserId;
  // A responsible who left (account removed or deactivated) stays selected until someone else is chosen.
  const former =
    task?.responsible && !colleagues.some((c) => c.id === task.responsible?.id)
      ? [{ value: task.responsible.id, label: task.responsible.name }]
      : [];
  const people = [
    ...(responsible === '' ? [{ value: '', label: t('nobody') }] : []),
    ...former,
    ...colleagues.map((c) => ({ value: c.id, label: c.id === currentUserId ? t('me', { name: c.name }) : c.name })),
  ];
  return (
    <form
      key={`${hydrated ? 'local' : 'server'}-${task?.updatedAt ?? 'new'}`}
      onSubmit={form.onSubmit}
      className="space-y-4"
      aria-label={task ? t('save') : t('create')}
      data-testid={task ? 'task-edit-form' : 'task-create-form'}
    >
      {task ? <input type="hidden" name="taskId" value={task.id} /> : null}
      <TextField
        label={t('title')}
        name="title"
        required
        maxLength={200}
        defaultValue={task?.title}
        error={form.fieldError('title')}
      />
      <div className="space-y-1">
        <label htmlFor="description" className="block text-sm font-medium text-fg-muted">
          {t('description')}
        </label>
        <textarea
          id="description"
          name="description"
          rows={task ? 8 : 4}
          maxLength={50_000}
          defaultValue={task?.description}
          className={textareaClass}
        />
        {form.fieldError('description') ? (
          <p className="text-sm text-danger-fg">{form.fieldError('description')}</p>
        ) : null}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label={t('responsible')}
          name="responsibleUserId"
          options={people}
          defaultValue={responsible}
          error={form.fieldError('responsibleUserId')}
        />
        <TextField
          label={t('deadline')}
          name="deadline"
          type="datetime-local"
          hint={t('deadlineHint')}
          defaultValue={hydrated && task?.deadline ? localInputValue(task.deadline) : ''}
          error={form.fieldError('deadline')}
        />
      </div>
      {task ? (
        <SelectField
          label={t('status')}
          name="status"
          options={statuses.map((s) => ({ value: s, label: ts(s) }))}
          defaultValue={task.status}
          error={form.fieldError('status')}
        />
      ) : null}
      {form.state && !form.state.ok ? <Alert>{form.state.error}</Alert> : null}
      {form.state?.ok && task ? <Alert tone="success">{t('saved')}</Alert> : null}
      <Button type="submit" disabled={form.pending || !hydrated}>
        {form.pending ? t('saving') : task ? t('save') : t('create')}
      </Button>
    </form>
  );
}
