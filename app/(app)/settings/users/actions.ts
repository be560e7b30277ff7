'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { changeUserRole } from '@/lib/users/change-user-role';
import { createUser } from '@/lib/users/create-user';
import { deactivateUser } from '@/lib/users/deactivate-user';
import { generateTemporaryPassword } from '@/lib/users/generate-temporary-password';
import { reactivateUser } from '@/lib/users/reactivate-user';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

export const createUserAction = authedAction(
  z.object({ name: z.string().default(''), email: z.string(), role: z.string(), password: z.string().default('') }),
  async (input, session) => {
    // A blank password means "make one": it is returned once, to be shown once, and never stored in clear.
    const password = input.password || generateTemporaryPassword();
    const user = await createUser(getDb(), { orgId: session.org.id, email: input.email, name: input.name || undefined, role: input.role, password, actor: actorOf(session) });
    revalidatePath('/settings/users');
    return { email: user.email, generatedPassword: input.password ? null : password };
  },
);

const userIdSchema = z.object({ userId: z.string() });

export const changeUserRoleAction = authedAction(userIdSchema.extend({ role: z.string() }), async ({ userId, role }, session) => {
  await changeUserRole(getDb(), { actor: actorOf(session), userId, role });
  revalidatePath('/settings/users');
});

export const deactivateUserAction = authedAction(userIdSchema, async ({ userId }, session) => {
  await deactivateUser(getDb(), { actor: actorOf(session), userId });
  revalidatePath('/settings/users');
});

export const reactivateUserAction = authedAction(userIdSchema, async ({ userId }, session) => {
  await reactivateUser(getDb(), { actor: actorOf(session), userId });
  revalidatePath('/settings/users');
});
