import type { DbOrTx } from '@/db/client';
import { crmLeads, type CrmLead } from '@/db/schema';

const MAX_TITLE = 200;

/**
 * A lead for a sender the CRM does not know, from the message that introduced them. Every Message-ID of
 * that message is kept, so the rest of the conversation lands on this lead (SPEC §6: one per conversation).
 */
export async function createLeadFromMessage(
  tx: DbOrTx,
  options: {
    orgId: string;
    address: string;
    name: string | null;
    subject: string;
    responsibleUserId: string | null;
    sourceMailboxId: string;
    threadIds: string[];
  },
): Promise<CrmLead> {
  const address = options.address.toLowerCase();
  const subject = options.subject.trim();
  const title = (subject || `E-mail from ${address}`).slice(0, MAX_TITLE);
  const [lead] = await tx
    .insert(crmLeads)
    .values({
      orgId: options.orgId,
      title,
      name: options.name?.trim() || null,
      email: address,
      status: 'new',
      responsibleUserId: options.responsibleUserId,
      sourceMailboxId: options.sourceMailboxId,
      threadMessageIds: options.threadIds,
    })
    .returning();
  return lead!;
}
