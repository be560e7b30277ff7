import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmActivities, messages, type CrmActivity, type Message } from '@/db/schema';
import { linkMessage, lockMessageForLink } from '../work/message-links';

/**
 * The activity already made from this message, or from another copy of the same e-mail in the organization
 * (one e-mail sent to two colleagues' mailboxes is one activity). A copy is linked to that activity, so it is
 * kept and marked like the first. Null when the e-mail is new to the CRM.
 */
export async function findExistingActivity(
  tx: DbOrTx,
  options: { orgId: string; message: Pick<Message, 'id' | 'messageIdHeader'>; userId: string | null },
): Promise<CrmActivity | null> {
  const [own] = await tx.select().from(crmActivities).where(eq(crmActivities.messageId, options.message.id)).limit(1);
  if (own) return own;
  if (!options.message.messageIdHeader) return null;
  const [copy] = await tx
    .select({ activity: crmActivities })
    .from(messages)
    .innerJoin(crmActivities, eq(crmActivities.messageId, messages.id))
    .where(and(eq(messages.orgId, options.orgId), eq(messages.messageIdHeader, options.message.messageIdHeader)))
    .limit(1);
  if (!copy) return null;
  if (await lockMessageForLink(tx, options.message.id)) {
    await linkMessage(tx, {
      orgId: options.orgId,
      messageId: options.message.id,
      kind: 'crm',
      targetId: copy.activity.id,
      userId: options.userId,
    });
  }
  return copy.activity;
}
