'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { endOtherSessions, endOwnSession } from '@/lib/auth/end-session';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

export const endSessionAction = authedAction(z.object({ handle: z.string().max(100) }), async ({ handle }, session) => {
  await endOwnSession(getDb(), { actor: actorOf(session), handle, currentSessionId: session.sessionId });
  revalidatePath('/settings/sessions');
});

export const endOtherSessionsAction = authedAction(z.object({}), async (_input, session) => {
  const ended = await endOtherSessions(getDb(), { actor: actorOf(session), currentSessionId: session.sessionId });
  revalidatePath('/settings/sessions');
  return { ended };
});
