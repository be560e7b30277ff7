import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { getEvent, type CalendarEventDetail } from '@/lib/calendar/get-event';
import { isAppError } from '@/lib/errors';
import type { ResolvedSession } from '@/lib/auth/sessions';
import { actorOf } from '@/server/session';

/** The event for its pages; one the user may not see is this app's 404 page, as an unknown id is. */
export async function loadEventOr404(session: ResolvedSession, eventId: string): Promise<CalendarEventDetail> {
  try {
    return await getEvent(getDb(), { actor: actorOf(session), eventId });
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') notFound();
    throw error;
  }
}
