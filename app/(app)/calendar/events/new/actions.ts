'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { createEvent } from '@/lib/calendar/create-event';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';
import { eventFormSchema } from '../event-form-schema';

export const createEventAction = authedAction(eventFormSchema, async (input, session) => {
  const { id } = await createEvent(getDb(), { actor: actorOf(session), input });
  redirect(`/calendar/events/${id}`);
});
