import { z } from 'zod';
import { getDb } from '@/db/client';
import { deleteDraft } from '@/lib/mail/send/save-draft';
import { authedRoute } from '@/server/route';
import { actorOf } from '@/server/session';

export const POST = authedRoute(
  z.object({ mailboxId: z.uuid(), uid: z.number().int().positive() }),
  async (input, session) => {
    await deleteDraft(getDb(), { ...input, actor: actorOf(session) });
  },
);
