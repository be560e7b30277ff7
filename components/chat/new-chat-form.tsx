'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState, type FormEvent } from 'react';
import type { ActionState } from '@/server/action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { TextField } from '../ui/field';
import { ColleagueOptions } from '@/components/people/colleague-options';
import { useColleagues } from '@/components/people/use-colleagues';

type CreateChatAction = (previous: ActionState<never>, data: FormData) => Promise<ActionState<never>>;

/** Starts a chat with chosen colleagues; the action opens it. */
export function NewChatForm({ action, currentUserId }: { action: CreateChatAction; currentUserId: string }) {
  const t = useTranslations('chat.new');
  const colleagues = useColleagues();
  const [state, run, pending] = useActionState(action, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  // A transition instead of <form action>: React's reset after an action would empty a form that failed.
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  };
  const others = (colleagues.data ?? []).filter((c) => c.id !== currentUserId);
  return (
    <form onSubmit={submit} className="space-y-4" data-testid="new-chat">
      {state && !state.ok ? <Alert>{state.error}</Alert> : null}
      <TextField label={t('title')} name="title" maxLength={200} required error={errors.title} />
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-fg-muted">{t('members')}</legend>
        <div className="max-h-48 space-y-1 overflow-y-auto">
          {colleagues.isPending ? <p className="text-sm text-fg-subtle">{t('loading')}</p> : null}
          {!colleagues.isPending && others.length === 0 ? (
            <p className="text-sm text-fg-subtle">{t('noColleagues')}</p>
          ) : null}
          <ColleagueOptions colleagues={others} name="memberUserIds" />
        </div>
        {errors.memberUserIds ? <p className="text-sm text-danger-fg">{errors.memberUserIds}</p> : null}
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="firstMessage" className="block text-sm font-medium text-fg-muted">
          {t('firstMessage')}
        </label>
        <textarea
          id="firstMessage"
          name="firstMessage"
          rows={3}
          maxLength={4000}
          className="block w-full rounded-md border border-line-strong bg-surface px-3 py-2 text-sm shadow-sm focus:border-accent-line focus:outline-none focus:ring-2 focus:ring-focus/30"
        />
      </div>
      <Button type="submit" disabled={pending}>
        {t('start')}
      </Button>
    </form>
  );
}
