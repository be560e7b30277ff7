'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { changeMailboxOwner } from '@/lib/mail/mailboxes/change-mailbox-owner';
import { grantMailboxAccess } from '@/lib/mail/mailboxes/grant-mailbox-access';
import { revokeMailboxAccess } from '@/lib/mail/mailboxes/revoke-mailbox-access';
import { uuidSchema } from '@/lib/validation';
import { authedAction } from '@/server/action';
import { actorOf } from '@/server/session';

// A mailbox id arrives in a hidden field: a malformed one is invalid input, never a query that fails.
const mailboxIdField = uuidSchema;

const refresh = (mailboxId: string) => {
  revalidatePath(`/settings/mailboxes/${mailboxId}`);
  revalidatePath('/settings/mailboxes');
};

export const grantMailboxAccessAction = authedAction(
  z.object({
    mailboxId: mailboxIdField,
    userId: z.string().min(1, { error: 'field.colleagueRequired' }),
    level: z.string(),
  }),
  async (input, session) => {
    await grantMailboxAccess(getDb(), { ...input, actor: actorOf(session) });
    refresh(input.mailboxId);
  },
);

export const revokeMailboxAccessAction = authedAction(
  z.object({ mailboxId: mailboxIdField, userId: z.string() }),
  async (input, session) => {
    await revokeMailboxAccess(getDb(), { ...input, actor: actorOf(session) });
    refresh(input.mailboxId);
  },
);

export const changeMailboxOwnerAction = authedAction(
  z.object({ mailboxId: mailboxIdField, ownerUserId: z.string().min(1, { error: 'field.newOwnerRequired' }) }),
  async (input, session) => {
    const mailbox = await changeMailboxOwner(getDb(), { ...input, actor: actorOf(session) });
    refresh(input.mailboxId);
    return { ownerUserId: mailbox.ownerUserId };
  },
);
