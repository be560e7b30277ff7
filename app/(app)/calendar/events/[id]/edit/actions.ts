'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { updateEvent } from '@/lib/calendar/update-event';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';
import { eventFormSchema } from '../../event-form-schema';

export const updateEventAction = authedAction(
  eventFormSchema.extend({ eventId: z.string() }),
  async ({ eventId, ...input }, session) => {
    await updateEvent(getDb(), { actor: actorOf(session), eventId, input });
    redirect(`/calendar/events/${eventId}`);
  },
);
