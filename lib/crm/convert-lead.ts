import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { crmActivities, crmContacts, crmLeads } from '@/db/schema';
import { getLeadForActor } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { lockOrgCrm } from './crm-org-lock';
import { textArray } from './find-crm-target';

/**
 * Turns a lead into a contact: the contact that already has the lead's address, or a new one with the lead's
 * name, address and responsible manager. The lead's activities show on the contact from then on, and its
 * sender's next mail goes to the contact. Converting a converted lead again returns the same contact.
 */
export async function convertLead(
  db: Db,
  options: { actor: Actor; leadId: string },
): Promise<{ contactId: string; created: boolean }> {
  const found = await getLeadForActor(db, options);
  return db.transaction(async (tx) => {
    // The same lock as the sync's: its next message from this sender must see either the lead or the contact.
    await lockOrgCrm(tx, found.orgId);
    const [lead] = await tx.select().from(crmLeads).where(eq(crmLeads.id, found.id));
    if (!lead) throw new Error(`Lead ${found.id} vanished`);
    const [existing] = lead.email
      ? await tx
          .select({ id: crmContacts.id })
          .from(crmContacts)
          .where(and(eq(crmContacts.orgId, lead.orgId), sql`${crmContacts.emails} @> ${textArray([lead.email])}`))
          .orderBy(asc(crmContacts.createdAt))
          .limit(1)
      : [];
    const contactId =
      existing?.id ??
      (
        await tx
          .insert(crmContacts)
          .values({
            orgId: lead.orgId,
            name: lead.name || lead.email || lead.title,
            emails: lead.email ? [lead.email] : [],
            responsibleUserId: lead.responsibleUserId,
          })
          .returning({ id: crmContacts.id })
      )[0]!.id;
    await tx
      .update(crmActivities)
      .set({ contactId })
      .where(and(eq(crmActivities.leadId, lead.id), isNull(crmActivities.contactId)));
    await tx.update(crmLeads).set({ status: 'converted', updatedAt: new Date() }).where(eq(crmLeads.id, lead.id));
    return { contactId, created: existing === undefined };
  });
}
