import { getDb } from '@/db/client';
import { applyConversationAction, conversationActionSchema } from '@/lib/mail/actions/apply-conversation-action';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

// Selected messages (messageIds) and conversation rows (threadIds in threadFolderId) alike; the answer names
// every message acted on, for undo.
export const POST = authedRoute(conversationActionSchema, (action, session) =>
  applyConversationAction(getDb(), { actor: actorOf(session), action }),
);
