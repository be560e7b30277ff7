'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { headers } from 'next/headers';
import { z } from 'zod';
import { AppError, errorStatus, type ErrorCode } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { errorState, plainAction, type ActionState } from '@/server/action';
import { signIn, signOut } from '@/server/auth';
import { assertSameOrigin } from '@/server/same-origin';

const signInSchema = z.object({
  email: z.string().max(254),
  password: z.string().max(256),
  // Only same-site paths, so the sign-in page cannot be used as an open redirect.
  callbackUrl: z
    .string()
    .optional()
    .transform((value) => (value && /^\/(?![/\\])/.test(value) ? value : '/mail')),
});

export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  try {
    // Login CSRF: a foreign page must not sign the browser in to an account of its choosing.
    assertSameOrigin(await headers(), 'POST');
    const input = parseInput(signInSchema, Object.fromEntries(formData));
    await signIn('credentials', { email: input.email, password: input.password, redirectTo: input.callbackUrl });
    return { ok: true, data: undefined };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = error instanceof CredentialsSignin && error.code in errorStatus ? (error.code as ErrorCode) : 'internal';
      return { ...(await errorState(new AppError(code, { cause: error }))), values: { email: String(formData.get('email') ?? '') } };
    }
    return errorState(error);
  }
}

// A foreign page cannot sign people out either: proxy.ts refuses it, and plainAction checks again without a 500.
export const signOutAction = plainAction(() => signOut({ redirectTo: '/sign-in' }));
