import { getDb } from '@/db/client';
import { listColleagues } from '@/lib/users/list-colleagues';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const GET = authedRoute(null, (_input, session) => listColleagues(getDb(), { actor: actorOf(session) }));
