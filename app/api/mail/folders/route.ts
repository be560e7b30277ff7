import { getDb } from '@/db/client';
import { listMailFolders } from '@/lib/mail/webmail/list-mail-folders';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const GET = authedRoute(null, (_input, session) => listMailFolders(getDb(), { actor: actorOf(session) }));
