'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { changeOwnPassword } from '@/lib/users/change-own-password';
import { validatedAction } from '@/server/action';
import { actorOf, requireSessionForPasswordChange } from '@/server/session';

const schema = z
  .object({ newPassword: z.string().max(256), confirm: z.string().max(256) })
  .refine((input) => input.newPassword === input.confirm, {
    path: ['confirm'],
    error: 'field.passwordsDiffer',
  });

// The one action a session with a temporary password may run (besides signing out). The session stays signed
// in; /mail then applies the next gate, two-factor set-up, if the organization requires it.
export const choosePasswordAction = validatedAction(
  schema,
  async ({ newPassword }): Promise<{ sessionsEnded: number }> => {
    const session = await requireSessionForPasswordChange();
    await changeOwnPassword(getDb(), {
      userId: session.user.id,
      sessionId: session.sessionId,
      newPassword,
      actor: actorOf(session),
    });
    redirect('/mail');
  },
);
