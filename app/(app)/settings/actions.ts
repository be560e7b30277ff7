'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { updateUserLocale } from '@/lib/users/update-user-locale';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

export const updateLocaleAction = authedAction(z.object({ locale: z.string() }), async ({ locale }, session) => {
  await updateUserLocale(getDb(), { userId: session.user.id, locale, actor: actorOf(session) });
  revalidatePath('/', 'layout');
});
