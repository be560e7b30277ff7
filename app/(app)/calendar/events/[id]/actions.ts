'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { deleteEvent } from '@/lib/calendar/delete-event';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

export const deleteEventAction = authedAction(z.object({ eventId: z.string() }), async ({ eventId }, session) => {
  await deleteEvent(getDb(), { actor: actorOf(session), eventId });
  redirect('/calendar');
});
