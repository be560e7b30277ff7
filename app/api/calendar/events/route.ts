import { getDb } from '@/db/client';
import { createEvent } from '@/lib/calendar/create-event';
import { createEventSchema } from '@/lib/calendar/event-schema';
import { eventRangeSchema, findEvents } from '@/lib/calendar/find-events';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const GET = authedRoute(eventRangeSchema, ({ from, to }, session) =>
  findEvents(getDb(), { actor: actorOf(session), from, to }),
);

export const POST = authedRoute(createEventSchema, (input, session) =>
  createEvent(getDb(), { actor: actorOf(session), input }),
);
