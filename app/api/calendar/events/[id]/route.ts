import { getDb } from '@/db/client';
import { deleteEvent } from '@/lib/calendar/delete-event';
import { updateEventSchema } from '@/lib/calendar/event-schema';
import { getEvent } from '@/lib/calendar/get-event';
import { updateEvent } from '@/lib/calendar/update-event';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const GET = authedRoute(null, (_input, session, _request, params) =>
  getEvent(getDb(), { actor: actorOf(session), eventId: params.id ?? '' }),
);

export const PATCH = authedRoute(updateEventSchema, (input, session, _request, params) =>
  updateEvent(getDb(), { actor: actorOf(session), eventId: params.id ?? '', input }),
);

export const DELETE = authedRoute(null, (_input, session, _request, params) =>
  deleteEvent(getDb(), { actor: actorOf(session), eventId: params.id ?? '' }),
);
