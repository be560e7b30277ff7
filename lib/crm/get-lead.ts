import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { crmContacts, mailboxes, type CrmLeadStatus } from '@/db/schema';
import { getLeadForActor } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { loadActivityViews, type CrmActivityView } from './activity-views';
import { textArray } from './find-crm-target';
import { userNamesOf } from './user-names';

export type LeadDetail = {
  id: string;
  title: string;
  name: string | null;
  email: string | null;
  status: CrmLeadStatus;
  responsible: { id: string; name: string } | null;
  sourceMailbox: string | null;
  /** The contact with the lead's address, once there is one (after converting, or made by hand). */
  contactId: string | null;
  createdAt: string;
  activities: CrmActivityView[];
};

/** A lead with its latest activities. */
export async function getLead(db: DbOrTx, options: { actor: Actor; leadId: string }): Promise<LeadDetail> {
  const lead = await getLeadForActor(db, options);
  const names = await userNamesOf(db, [lead.responsibleUserId]);
  const [source] = lead.sourceMailboxId
    ? await db.select({ email: mailboxes.email }).from(mailboxes).where(eq(mailboxes.id, lead.sourceMailboxId))
    : [];
  const [contact] = lead.email
    ? await db
        .select({ id: crmContacts.id })
        .from(crmContacts)
        .where(and(eq(crmContacts.orgId, lead.orgId), sql`${crmContacts.emails} @> ${textArray([lead.email])}`))
        .limit(1)
    : [];
  return {
    id: lead.id,
    title: lead.title,
    name: lead.name,
    email: lead.email,
    status: lead.status,
    responsible: lead.responsibleUserId
      ? { id: lead.responsibleUserId, name: names.get(lead.responsibleUserId) ?? '' }
      : null,
    sourceMailbox: source?.email ?? null,
    contactId: contact?.id ?? null,
    createdAt: lead.createdAt.toISOString(),
    activities: await loadActivityViews(db, { orgId: lead.orgId, leadId: lead.id }),
  };
}
