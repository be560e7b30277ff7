'use client';

import { startTransition, useActionState, type FormEvent } from 'react';
import type { ActionState } from '@/server/action';

export type TaskAction<T = void> = (previous: ActionState<T>, data: FormData) => Promise<ActionState<T>>;

// datetime-local inputs speak the browser's local time without a zone; the server gets an instant.
function deadlineAsInstant(data: FormData): void {
  const value = data.get('deadline');
  if (typeof value !== 'string') return;
  const instant = value ? new Date(value) : null;
  data.set('deadline', instant && !Number.isNaN(instant.getTime()) ? instant.toISOString() : '');
}

/**
 * A task server action run from the form's submit event rather than `<form action>`: React resets a form after
 * its action, which would wipe what the user typed when it is refused.
 */
export function useTaskAction<T>(action: TaskAction<T>) {
  const [state, run, pending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    deadlineAsInstant(data);
    startTransition(() => run(data));
  };
  const fieldError = (name: string) => (state && !state.ok ? state.fieldErrors?.[name] : undefined);
  return { state, onSubmit, pending, fieldError };
}
