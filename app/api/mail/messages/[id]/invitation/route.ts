import { getDb } from '@/db/client';
import { applyInvitation } from '@/lib/calendar/invitation/apply-invitation';
import { loadInvitation, toInvitationView } from '@/lib/calendar/invitation/load-invitation';
import { idParam } from '@/server/params';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// The invitation card: what the message's calendar part says, and where it stands in the reader's calendar.
export const GET = authedRoute(null, async (_input, session, _request, params) =>
  toInvitationView(await loadInvitation(getDb(), { actor: actorOf(session), messageId: idParam(params) })),
);

// "Add to calendar" / "Update event" / "Mark cancelled": applies this copy unless the calendar has a newer one.
export const POST = authedRoute(null, (_input, session, _request, params) =>
  applyInvitation(getDb(), { actor: actorOf(session), messageId: idParam(params) }),
);
