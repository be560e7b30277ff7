'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiGet } from '../mail-api';
import { useColleagues } from '@/components/people/use-colleagues';
import { FormButtons, inputClass, labelClass, type WorkFormProps } from './work-dialog';

type TaskSummary = { id: string; title: string; status: string };

/** A new task from the messages: the first one's subject as its title; the task refers to each message. */
export function TaskForm({ request, submit, pending, error, onCancel }: WorkFormProps) {
  const t = useTranslations('mail.work');
  const colleagues = useColleagues();
  const messageIds = request.sources.map((s) => s.id);
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const deadline = String(form.get('deadline') ?? '');
        submit(
          '/api/tasks',
          {
            title: String(form.get('title') ?? ''),
            description: String(form.get('description') ?? ''),
            responsibleUserId: String(form.get('responsible') ?? '') || undefined,
            deadline: deadline ? new Date(deadline).toISOString() : undefined,
            messageIds,
          },
          { notice: t('taskCreated') },
        );
      }}
    >
      <label className={labelClass}>
        <span>{t('taskTitle')}</span>
        <input
          name="title"
          required
          maxLength={200}
          defaultValue={request.sources[0]?.subject ?? ''}
          className={inputClass}
        />
      </label>
      <label className={labelClass}>
        <span>{t('description')}</span>
        <textarea name="description" rows={3} className={inputClass} />
      </label>
      <label className={labelClass}>
        <span>{t('responsible')}</span>
        <select name="responsible" className={inputClass} defaultValue="">
          <option value="">{t('me')}</option>
          {colleagues.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.email})
            </option>
          ))}
        </select>
      </label>
      <label className={labelClass}>
        <span>{t('deadline')}</span>
        <input name="deadline" type="datetime-local" className={inputClass} />
      </label>
      <FormButtons pending={pending} error={error} onCancel={onCancel} label={t('createTask')} />
    </form>
  );
}

/** Links the messages to a task that already exists, found by its title. */
export function LinkTaskForm({ request, submit, pending, error, onCancel }: WorkFormProps) {
  const t = useTranslations('mail.work');
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const tasks = useQuery({
    queryKey: ['tasks', 'pick', q],
    queryFn: () => apiGet<{ items: TaskSummary[] }>('/api/tasks', { q }),
  });
  const list = tasks.data?.items ?? [];
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen)
          submit(
            `/api/tasks/${chosen}/links`,
            { messageIds: request.sources.map((s) => s.id) },
            { notice: t('taskLinked') },
          );
      }}
    >
      <label className={labelClass}>
        <span>{t('findTask')}</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} className={inputClass} />
      </label>
      <fieldset className="max-h-56 space-y-1 overflow-y-auto">
        <legend className="sr-only">{t('tasks')}</legend>
        {list.length === 0 && !tasks.isFetching && <p className="text-sm text-fg-subtle">{t('noTasks')}</p>}
        {list.map((task) => (
          <label key={task.id} className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-surface-subtle">
            <input
              type="radio"
              name="task"
              value={task.id}
              checked={chosen === task.id}
              onChange={() => setChosen(task.id)}
            />
            <span className="truncate">{task.title}</span>
          </label>
        ))}
      </fieldset>
      <FormButtons pending={pending || !chosen} error={error} onCancel={onCancel} label={t('linkTask')} />
    </form>
  );
}
