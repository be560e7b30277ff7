'use server';

import { revalidatePath } from 'next/cache';
import { getLocale } from 'next-intl/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { endUserSessions } from '@/lib/auth/end-user-sessions';
import { changeUserRole } from '@/lib/users/change-user-role';
import { deactivateUser } from '@/lib/users/deactivate-user';
import { inviteUser, reissueInvitation, type Invitation } from '@/lib/users/invite-user';
import { reactivateUser } from '@/lib/users/reactivate-user';
import { setTemporaryPassword } from '@/lib/users/set-temporary-password';
import type { InvitationState } from '@/components/users/invitation-result';
import { authedAction } from '@/server/action';
import { linkBaseUrl } from '@/server/link-base-url';
import { actorOf } from '@/server/session';

const shown = ({ user, mailFailed, link, expiresAt }: Invitation): InvitationState => ({
  email: user.email,
  mailFailed,
  link,
  expiresAt: expiresAt.toISOString(),
});

// No password is chosen here: the person sets their own through the link (mailed, or shown once to copy).
export const inviteUserAction = authedAction(
  z.object({ name: z.string().default(''), email: z.string(), role: z.string() }),
  async (input, session) => {
    const invitation = await inviteUser(getDb(), {
      orgId: session.org.id,
      email: input.email,
      name: input.name || undefined,
      role: input.role,
      actor: actorOf(session),
      baseUrl: await linkBaseUrl(),
      locale: await getLocale(),
    });
    revalidatePath('/settings/users');
    return shown(invitation);
  },
);

const userIdSchema = z.object({ userId: z.string() });

export const reissueInvitationAction = authedAction(userIdSchema, async ({ userId }, session) => {
  const invitation = await reissueInvitation(getDb(), {
    userId,
    actor: actorOf(session),
    baseUrl: await linkBaseUrl(),
    locale: await getLocale(),
  });
  revalidatePath('/settings/users');
  return shown(invitation);
});

export const endUserSessionsAction = authedAction(userIdSchema, async ({ userId }, session) => {
  const ended = await endUserSessions(getDb(), { userId, actor: actorOf(session) });
  revalidatePath('/settings/users');
  return { ended };
});

export const changeUserRoleAction = authedAction(
  userIdSchema.extend({ role: z.string() }),
  async ({ userId, role }, session) => {
    await changeUserRole(getDb(), { actor: actorOf(session), userId, role });
    revalidatePath('/settings/users');
  },
);

export const deactivateUserAction = authedAction(userIdSchema, async ({ userId }, session) => {
  await deactivateUser(getDb(), { actor: actorOf(session), userId });
  revalidatePath('/settings/users');
});

export const reactivateUserAction = authedAction(userIdSchema, async ({ userId }, session) => {
  await reactivateUser(getDb(), { actor: actorOf(session), userId });
  revalidatePath('/settings/users');
});

// The password is returned to this admin once, to pass on; the user must replace it at the next sign-in.
export const setTemporaryPasswordAction = authedAction(userIdSchema, async ({ userId }, session) => {
  // Not revalidated: nothing on the page changes, and the row must keep showing the password.
  return setTemporaryPassword(getDb(), { userId, actor: actorOf(session) });
});
