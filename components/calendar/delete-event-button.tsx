'use client';

import { useTranslations } from 'next-intl';
import { startTransition, useActionState, type FormEvent } from 'react';
import type { ActionState } from '@/server/action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';

type DeleteAction = (previous: ActionState<never>, data: FormData) => Promise<ActionState<never>>;

/** Deletes the event after the user confirms; the action goes back to the week. */
export function DeleteEventButton({ eventId, action }: { eventId: string; action: DeleteAction }) {
  const t = useTranslations('calendar.event');
  const [state, run, pending] = useActionState(action, null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!window.confirm(t('confirmDelete'))) return;
    const data = new FormData(event.currentTarget);
    startTransition(() => run(data));
  };
  return (
    <form onSubmit={submit} className="space-y-2">
      <input type="hidden" name="eventId" value={eventId} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {t('delete')}
      </Button>
      {state && !state.ok ? <Alert>{state.error}</Alert> : null}
    </form>
  );
}
