'use server';

import { AuthError, CredentialsSignin } from 'next-auth';
import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { THROTTLE_WINDOW_MS } from '@/lib/auth/sign-in-throttle';
import { AppError, errorStatus, type ErrorCode } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { errorState, plainAction, type ActionState } from '@/server/action';
import { signIn, signOut } from '@/server/auth';
import { assertSameOrigin } from '@/server/same-origin';

const signInSchema = z.object({
  email: z.string().max(254),
  password: z.string().max(256),
  code: z.string().max(20).optional(),
  recoveryCode: z.string().max(40).optional(),
  // Only same-site paths, so the sign-in page cannot be used as an open redirect.
  callbackUrl: z
    .string()
    .optional()
    .transform((value) => (value && /^\/(?![/\\])/.test(value) ? value : '/mail')),
});

// Refusals of the second step: the form stays on the code field ("step: code") and says what was wrong.
const secondStepMessages: Record<string, string> = {
  two_factor_required: 'codeRequired',
  invalid_code: 'wrongCode',
  invalid_recovery_code: 'wrongRecoveryCode',
};

export async function signInAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  let askedForCode = false;
  try {
    // Login CSRF: a foreign page must not sign the browser in to an account of its choosing.
    assertSameOrigin(await headers(), 'POST');
    const input = parseInput(signInSchema, Object.fromEntries(formData));
    askedForCode = Boolean(input.code || input.recoveryCode);
    await signIn('credentials', {
      email: input.email,
      password: input.password,
      ...(input.code ? { code: input.code } : {}),
      ...(input.recoveryCode ? { recoveryCode: input.recoveryCode } : {}),
      redirectTo: input.callbackUrl,
    });
    return { ok: true, data: undefined };
  } catch (error) {
    const email = String(formData.get('email') ?? '');
    if (error instanceof CredentialsSignin && error.code in secondStepMessages) {
      const t = await getTranslations('signIn');
      return { ok: false, error: t(secondStepMessages[error.code]!), values: { email, step: 'code' } };
    }
    const values: Record<string, string> = askedForCode ? { email, step: 'code' } : { email };
    if (error instanceof AuthError) {
      const code =
        error instanceof CredentialsSignin && error.code in errorStatus ? (error.code as ErrorCode) : 'internal';
      // The sign-in throttle's refusal names its window; other codes keep their default sentence.
      const problem =
        code === 'rate_limited'
          ? { key: 'auth.signInThrottled', values: { minutes: THROTTLE_WINDOW_MS / 60_000 } }
          : undefined;
      return { ...(await errorState(new AppError(code, { cause: error, problem }))), values };
    }
    return { ...(await errorState(error)), values };
  }
}

// A foreign page cannot sign people out either: proxy.ts refuses it, and plainAction checks again without a 500.
export const signOutAction = plainAction(() => signOut({ redirectTo: '/sign-in' }));
