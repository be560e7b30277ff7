import { z } from 'zod';
import { getDb } from '@/db/client';
import { setMailView } from '@/lib/users/set-mail-view';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// The list's own toggle (conversations or messages), saved for the user without leaving the mail page.
const schema = z.object({ mailView: z.string().max(40) });

export const POST = authedRoute(schema, ({ mailView }, session) =>
  setMailView(getDb(), { userId: session.user.id, view: mailView, actor: actorOf(session) }),
);
