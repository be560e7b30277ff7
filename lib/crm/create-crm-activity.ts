import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmActivities, crmLeads, type CrmActivity, type CrmRoutingDecision, type Message } from '@/db/schema';
import { linkMessage, lockMessageForLink } from '../work/message-links';
import { textArray } from './find-crm-target';

type ActivityMessage = { message: Message; textBody: string | null; htmlBody: string | null };

/**
 * An activity on a contact or a lead with its own copy of the message (subject, people, bodies): it outlives
 * the message's local copy. The message is locked and linked in the same transaction, so a purge running at
 * the same moment either sees the link or has already removed the message (then null, nothing is made).
 * Null too when the message already has an activity (the unique message id makes re-processing harmless).
 */
export async function createCrmActivity(
  tx: DbOrTx,
  options: ActivityMessage & {
    orgId: string;
    target: { contactId: string | null; leadId: string | null };
    direction: 'incoming' | 'outgoing';
    responsibleUserId: string | null;
    routing: CrmRoutingDecision;
    createdByUserId: string | null;
  },
): Promise<CrmActivity | null> {
  const m = options.message;
  if (!(await lockMessageForLink(tx, m.id))) return null;
  const [activity] = await tx
    .insert(crmActivities)
    .values({
      orgId: options.orgId,
      contactId: options.target.contactId,
      leadId: options.target.leadId,
      direction: options.direction,
      messageId: m.id,
      mailboxId: m.mailboxId,
      messageIdHeader: m.messageIdHeader,
      subject: m.subject,
      fromAddress: m.fromAddress?.toLowerCase() ?? null,
      fromName: m.fromName,
      toAddresses: m.toAddresses,
      textBody: options.textBody,
      htmlBody: options.htmlBody,
      occurredAt: m.receivedAt,
      responsibleUserId: options.responsibleUserId,
      routing: options.routing,
      createdByUserId: options.createdByUserId,
    })
    .onConflictDoNothing({ target: crmActivities.messageId })
    .returning();
  if (!activity) return null;
  await linkMessage(tx, {
    orgId: options.orgId,
    messageId: m.id,
    kind: 'crm',
    targetId: activity.id,
    userId: options.createdByUserId,
  });
  // Whoever replies to this message next (even from another address) lands on the same lead.
  if (options.target.leadId && m.messageIdHeader) {
    await tx
      .update(crmLeads)
      .set({
        threadMessageIds: sql`case when ${crmLeads.threadMessageIds} @> ${textArray([m.messageIdHeader])} then ${crmLeads.threadMessageIds} else ${crmLeads.threadMessageIds} || ${textArray([m.messageIdHeader])} end`,
        updatedAt: new Date(),
      })
      .where(eq(crmLeads.id, options.target.leadId));
  }
  return activity;
}
