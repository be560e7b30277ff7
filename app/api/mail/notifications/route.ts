import { z } from 'zod';
import { getDb } from '@/db/client';
import { listNotificationSettings } from '@/lib/live/list-notification-settings';
import { setNotificationSubscription } from '@/lib/live/set-notification-subscription';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

const schema = z.object({ mailboxId: z.string().max(64), enabled: z.boolean() });

// Browser notifications for new mail, per mailbox the user may read.
export const GET = authedRoute(null, (_input, session) =>
  listNotificationSettings(getDb(), { actor: actorOf(session) }),
);

export const POST = authedRoute(schema, ({ mailboxId, enabled }, session) =>
  setNotificationSubscription(getDb(), { actor: actorOf(session), mailboxId, enabled }),
);
