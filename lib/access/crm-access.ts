import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  crmActivities,
  crmContacts,
  crmLeads,
  users,
  type CrmActivity,
  type CrmContact,
  type CrmLead,
} from '@/db/schema';
import { AppError } from '../errors';
import { englishProblem } from '../i18n/problem';
import type { Actor } from './actor';

/**
 * The CRM belongs to the organization: every active member reads and edits its contacts, leads and
 * activities (the session already refuses deactivated users). The exception list is admin-only
 * (assertOrgAdmin). Records of other organizations are not found, never forbidden, so ids cannot be probed.
 */
export type CrmUser = Extract<Actor, { kind: 'user' }>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The organization whose CRM a signed-in member works in; system actors name theirs explicitly elsewhere. */
export function assertCrmUser(actor: Actor): CrmUser {
  if (actor.kind !== 'user') throw new AppError('forbidden', { message: 'The CRM pages are for signed-in members' });
  return actor;
}

function assertCrmOrg(actor: Actor, orgId: string, notFound: () => AppError): void {
  if (actor.kind === 'user' && actor.orgId !== orgId) throw notFound();
}

export async function getContactForActor(
  db: DbOrTx,
  options: { actor: Actor; contactId: string },
): Promise<CrmContact> {
  const notFound = () =>
    new AppError('not_found', {
      message: `Contact ${options.contactId} not accessible`,
      problem: { key: 'crm.contactNotFound' },
    });
  if (!UUID.test(options.contactId)) throw notFound();
  const [contact] = await db.select().from(crmContacts).where(eq(crmContacts.id, options.contactId)).limit(1);
  if (!contact) throw notFound();
  assertCrmOrg(options.actor, contact.orgId, notFound);
  return contact;
}

export async function getLeadForActor(db: DbOrTx, options: { actor: Actor; leadId: string }): Promise<CrmLead> {
  const notFound = () =>
    new AppError('not_found', {
      message: `Lead ${options.leadId} not accessible`,
      problem: { key: 'crm.leadNotFound' },
    });
  if (!UUID.test(options.leadId)) throw notFound();
  const [lead] = await db.select().from(crmLeads).where(eq(crmLeads.id, options.leadId)).limit(1);
  if (!lead) throw notFound();
  assertCrmOrg(options.actor, lead.orgId, notFound);
  return lead;
}

export async function getActivityForActor(
  db: DbOrTx,
  options: { actor: Actor; activityId: string },
): Promise<CrmActivity> {
  const notFound = () =>
    new AppError('not_found', {
      message: `Activity ${options.activityId} not accessible`,
      problem: { key: 'crm.activityNotFound' },
    });
  if (!UUID.test(options.activityId)) throw notFound();
  const [activity] = await db.select().from(crmActivities).where(eq(crmActivities.id, options.activityId)).limit(1);
  if (!activity) throw notFound();
  assertCrmOrg(options.actor, activity.orgId, notFound);
  return activity;
}

const chooseColleague = { key: 'field.colleagueRequired' };

/** A responsible manager must be an active member of the same organization. */
export async function assertResponsibleUser(db: DbOrTx, options: { orgId: string; userId: string }): Promise<void> {
  const invalid = () =>
    new AppError('validation', {
      problem: { key: 'crm.responsibleNotColleague' },
      details: {
        fieldErrors: { responsibleUserId: englishProblem(chooseColleague) },
        fieldProblems: { responsibleUserId: chooseColleague },
      },
    });
  if (!UUID.test(options.userId)) throw invalid();
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, options.userId), eq(users.orgId, options.orgId), eq(users.active, true)))
    .limit(1);
  if (!row) throw invalid();
}
