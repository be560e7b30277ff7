'use server';

import { z } from 'zod';
import { getDb } from '@/db/client';
import { setPasswordWithToken } from '@/lib/auth/set-password-with-token';
import { validatedAction } from '@/server/action';

const setPasswordSchema = z
  .object({ token: z.string().max(100), password: z.string().max(256), confirm: z.string().max(256) })
  .refine((input) => input.password === input.confirm, {
    path: ['confirm'],
    error: 'field.passwordsDiffer',
  });

// No session: the one-time link is the credential. It is used up only once the new password is accepted.
export const setPasswordAction = validatedAction(setPasswordSchema, async ({ token, password }) => {
  const { email, purpose } = await setPasswordWithToken(getDb(), { token, password });
  return { email, purpose };
});
