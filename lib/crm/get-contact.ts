import type { DbOrTx } from '@/db/client';
import { getContactForActor } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { loadActivityViews, type CrmActivityView } from './activity-views';
import { userNamesOf } from './user-names';

export type ContactDetail = {
  id: string;
  name: string;
  emails: string[];
  company: string | null;
  responsible: { id: string; name: string } | null;
  createdAt: string;
  activities: CrmActivityView[];
};

/** A contact with its latest activities (those of the leads converted into it included). */
export async function getContact(db: DbOrTx, options: { actor: Actor; contactId: string }): Promise<ContactDetail> {
  const contact = await getContactForActor(db, options);
  const names = await userNamesOf(db, [contact.responsibleUserId]);
  return {
    id: contact.id,
    name: contact.name,
    emails: contact.emails,
    company: contact.company,
    responsible: contact.responsibleUserId
      ? { id: contact.responsibleUserId, name: names.get(contact.responsibleUserId) ?? '' }
      : null,
    createdAt: contact.createdAt.toISOString(),
    activities: await loadActivityViews(db, { orgId: contact.orgId, contactId: contact.id }),
  };
}
