'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { changeOwnPassword } from '@/lib/users/change-own-password';
import { updateUserLocale } from '@/lib/users/update-user-locale';
import { updateUserTheme } from '@/lib/users/update-user-theme';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

export const updateLocaleAction = authedAction(z.object({ locale: z.string() }), async ({ locale }, session) => {
  await updateUserLocale(getDb(), { userId: session.user.id, locale, actor: actorOf(session) });
  revalidatePath('/', 'layout');
});

// The layout writes the theme on <html>: revalidating it re-renders the open page in the new theme at once.
export const updateThemeAction = authedAction(z.object({ theme: z.string() }), async ({ theme }, session) => {
  await updateUserTheme(getDb(), { userId: session.user.id, theme, actor: actorOf(session) });
  revalidatePath('/', 'layout');
});

const changePasswordSchema = z
  .object({
    currentPassword: z.string().max(256),
    newPassword: z.string().max(256),
    confirm: z.string().max(256),
  })
  .refine((input) => input.newPassword === input.confirm, {
    path: ['confirm'],
    error: 'field.passwordsDiffer',
  });

// This session stays signed in; the user's other sessions end (lib/users/change-own-password).
export const changePasswordAction = authedAction(
  changePasswordSchema,
  async ({ currentPassword, newPassword }, session) =>
    changeOwnPassword(getDb(), {
      userId: session.user.id,
      sessionId: session.sessionId,
      currentPassword,
      newPassword,
      actor: actorOf(session),
    }),
);
