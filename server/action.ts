import { headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import type { ResolvedSession } from '@/lib/auth/sessions';
import { AppError, isAppError } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { assertSameOrigin } from './same-origin';
import { requireSession } from './session';
import { wordError } from './word-error';

export type ActionState<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string>; values?: Record<string, string> }
  | null;

export async function errorState(error: unknown): Promise<Extract<ActionState, { ok: false }>> {
  unstable_rethrow(error);
  const appError = isAppError(error) ? error : new AppError('internal', { cause: error });
  if (!isAppError(error))
    process.stderr.write(
      `Unexpected error in server action: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  const worded = await wordError(appError);
  return { ok: false, error: worded.message, fieldErrors: worded.fieldErrors };
}

// Repeated fields (checkbox groups) become arrays; React's internal $ACTION fields are dropped.
function formToObject(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const object: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const values = formData.getAll(key);
    object[key] = values.length > 1 ? values : values[0]!;
  }
  return object;
}

// React resets a form after its action; handing the values back lets it show them again. Never passwords.
function echoValues(formData: FormData): Record<string, string> {
  const entries = Object.entries(formToObject(formData));
  return Object.fromEntries(
    entries.filter(([key, value]) => typeof value === 'string' && !/password/i.test(key)),
  ) as Record<string, string>;
}

/** A server action for forms: validates the form with a zod schema and maps errors to a displayable state. */
export function validatedAction<S extends z.ZodType, T>(schema: S, run: (input: z.output<S>) => Promise<T>) {
  return async (_previous: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    try {
      assertSameOrigin(await headers(), 'POST');
      return { ok: true, data: await run(parseInput(schema, formToObject(formData))) };
    } catch (error) {
      return { ...(await errorState(error)), values: echoValues(formData) };
    }
  };
}

/** Like validatedAction, for a signed-in user; the lib function it calls checks what this user may do. */
export function authedAction<S extends z.ZodType, T>(
  schema: S,
  run: (input: z.output<S>, session: ResolvedSession) => Promise<T>,
) {
  return async (_previous: ActionState<T>, formData: FormData): Promise<ActionState<T>> => {
    try {
      assertSameOrigin(await headers(), 'POST');
      const session = await requireSession({ refuseGated: true });
      return { ok: true, data: await run(parseInput(schema, formToObject(formData)), session) };
    } catch (error) {
      return { ...(await errorState(error)), values: echoValues(formData) };
    }
  };
}

/**
 * For a form that shows no result (sign out): the same Origin check, and an error ends the action quietly —
 * there is no state to show it in, and thrown it would be a 500 with its stack. A redirect still goes through.
 */
export function plainAction(run: () => Promise<void>) {
  return async (): Promise<void> => {
    try {
      assertSameOrigin(await headers(), 'POST');
      await run();
    } catch (error) {
      unstable_rethrow(error);
      if (!isAppError(error))
        process.stderr.write(
          `Unexpected error in server action: ${error instanceof Error ? error.stack : String(error)}\n`,
        );
    }
  };
}
