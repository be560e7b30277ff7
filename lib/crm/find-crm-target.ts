import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmContacts, crmLeads, type CrmContact, type CrmLead, type Message } from '@/db/schema';

export type CrmTarget =
  | { kind: 'contact'; contact: CrmContact }
  | { kind: 'lead'; lead: CrmLead; via: 'sender' | 'conversation' };

/** Every Message-ID that ties a message to its conversation: its own, In-Reply-To and References. */
export function threadIdsOf(message: Pick<Message, 'messageIdHeader' | 'inReplyTo' | 'referenceIds'>): string[] {
  const ids = [message.messageIdHeader, message.inReplyTo, ...message.referenceIds].filter((id): id is string =>
    Boolean(id),
  );
  return [...new Set(ids)];
}

export const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/**
 * Where a message about `address` belongs: the contact with that address, else the (not yet converted)
 * lead with it, else the lead whose conversation the message is part of. Null when none.
 */
export async function findCrmTarget(
  db: DbOrTx,
  options: { orgId: string; address: string; threadIds: string[] },
): Promise<CrmTarget | null> {
  const address = options.address.toLowerCase();
  const [contact] = await db
    .select()
    .from(crmContacts)
    .where(and(eq(crmContacts.orgId, options.orgId), sql`${crmContacts.emails} @> ${textArray([address])}`))
    .orderBy(asc(crmContacts.createdAt))
    .limit(1);
  if (contact) return { kind: 'contact', contact };

  const [bySender] = await db
    .select()
    .from(crmLeads)
    .where(and(eq(crmLeads.orgId, options.orgId), eq(crmLeads.email, address), ne(crmLeads.status, 'converted')))
    .orderBy(desc(crmLeads.createdAt))
    .limit(1);
  if (bySender) return { kind: 'lead', lead: bySender, via: 'sender' };

  if (options.threadIds.length === 0) return null;
  const [byConversation] = await db
    .select()
    .from(crmLeads)
    .where(and(eq(crmLeads.orgId, options.orgId), sql`${crmLeads.threadMessageIds} && ${textArray(options.threadIds)}`))
    .orderBy(asc(crmLeads.createdAt))
    .limit(1);
  return byConversation ? { kind: 'lead', lead: byConversation, via: 'conversation' } : null;
}
