import type { AddressJson, CalendarEvent } from '@/db/schema';
import type { CalendarUser } from '../access/calendar-access';

/** An event as pages and the API show it: plain JSON (ISO instants), with what the viewer may do. */
export type CalendarEventView = {
  id: string;
  title: string;
  startsAt: string;
  endsAt: string;
  attendees: AddressJson[];
  description: string;
  sourceMessageId: number | null;
  creator: { id: string; name: string } | null;
  canEdit: boolean;
};

export function toEventView(event: CalendarEvent, creatorName: string | null, viewer: CalendarUser): CalendarEventView {
  return {
    id: event.id,
    title: event.title,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    attendees: event.attendees,
    description: event.description,
    sourceMessageId: event.sourceMessageId,
    creator: event.creatorUserId && creatorName !== null ? { id: event.creatorUserId, name: creatorName } : null,
    canEdit: event.creatorUserId === viewer.userId,
  };
}
