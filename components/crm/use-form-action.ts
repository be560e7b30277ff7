'use client';

import { startTransition, useActionState, type FormEvent } from 'react';
import type { ActionState } from '@/server/action';

export type FormAction<T = void> = (previous: ActionState<T>, data: FormData) => Promise<ActionState<T>>;

/**
 * A server action run from a form's submit event rather than `<form action>`: React resets a form after its
 * action, which would wipe what the user typed when it is refused. `extra` adds fields (ids) to the data.
 */
export function useFormAction<T>(action: FormAction<T>, extra: Record<string, string> = {}) {
  const [state, run, pending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    for (const [key, value] of Object.entries(extra)) data.set(key, value);
    startTransition(() => run(data));
  };
  const fieldError = (name: string) => (state && !state.ok ? state.fieldErrors?.[name] : undefined);
  return { state, onSubmit, pending, fieldError };
}
