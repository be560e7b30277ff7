import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { mailFolders, messageBodies, type CrmActivity } from '@/db/schema';
import { assertCrmUser } from '../access/crm-access';
import type { Actor } from '../access/actor';
import { AppError } from '../errors';
import { lockMessageForLink } from '../work/message-links';
import { loadMessageSource } from '../work/message-source';
import { copyActivityAttachments } from './copy-activity-attachments';
import { createCrmActivity } from './create-crm-activity';
import { createLeadFromMessage } from './create-lead-from-message';
import { lockOrgCrm } from './crm-org-lock';
import { crmMismatchProblem, evaluateCrmRules } from './crm-rules';
import { findCrmTarget, threadIdsOf } from './find-crm-target';
import { findExistingActivity } from './find-existing-activity';
import { loadCrmRuleContext } from './load-crm-rule-context';
import { routingDecision } from './routing-decision';

export type SavedToCrm = { activityId: string; contactId: string | null; leadId: string | null };

const savedResult = (activity: Pick<CrmActivity, 'id' | 'contactId' | 'leadId'>): SavedToCrm => ({
  activityId: activity.id,
  contactId: activity.contactId,
  leadId: activity.leadId,
});

/**
 * "Save to CRM" on a message the actor may read (SPEC §6): an activity on the contact or lead it is about,
 * or on a new lead. The CRM rules apply as on sync, with the mailbox's window even when its "Link to CRM" is
 * off; a message they exclude is refused with the reason. Saving a saved message returns its activity.
 * A message in Sent is outgoing and is about its first recipient.
 */
export async function saveMessageToCrm(
  db: Db,
  options: { actor: Actor; messageId: number; now?: Date },
): Promise<SavedToCrm> {
  const actor = assertCrmUser(options.actor);
  const { message, mailbox, textBody, htmlBody } = await loadMessageSource(db, { actor, messageId: options.messageId });
  const [folder] = await db
    .select({ specialUse: mailFolders.specialUse })
    .from(mailFolders)
    .where(eq(mailFolders.id, message.folderId));
  const [body] = await db
    .select({ headers: messageBodies.headers })
    .from(messageBodies)
    .where(eq(messageBodies.messageId, message.id));
  const direction = folder?.specialUse === 'sent' ? 'outgoing' : 'incoming';
  const counterpart =
    direction === 'outgoing'
      ? message.toAddresses[0]
      : { name: message.fromName ?? '', address: message.fromAddress ?? '' };
  const address = counterpart?.address.trim().toLowerCase();

  const outcome = await db.transaction(async (tx) => {
    await lockOrgCrm(tx, mailbox.orgId);
    // Before the rules: a second click, or a rule changed since, still finds what was saved.
    const existing = await findExistingActivity(tx, { orgId: mailbox.orgId, message, userId: actor.userId });
    if (existing) return { activity: existing, created: false };

    const context = await loadCrmRuleContext(tx, { orgId: mailbox.orgId });
    const rules = evaluateCrmRules({
      fromAddress: message.fromAddress,
      direction,
      recipientAddress: address,
      folderSpecialUse: folder?.specialUse ?? null,
      receivedAt: message.receivedAt,
      now: options.now ?? new Date(),
      windowDays: mailbox.crmWindowDays,
      employeeAddresses: context.employeeAddresses,
      exceptions: context.exceptions,
      headers: body?.headers ?? [],
      crmEnabled: true,
    });
    if (!rules.match)
      throw new AppError('crm_rules_mismatch', {
        problem: crmMismatchProblem(rules.reason, direction),
        details: { reason: rules.reason },
      });
    if (!address) {
      throw new AppError('validation', {
        problem: { key: direction === 'outgoing' ? 'crm.noRecipient' : 'crm.noSender' },
      });
    }
    if (!(await lockMessageForLink(tx, message.id)))
      throw new AppError('not_found', { problem: { key: 'mail.messageGone' } });

    const threadIds = threadIdsOf(message);
    const target = await findCrmTarget(tx, { orgId: mailbox.orgId, address, threadIds });
    const lead = target
      ? null
      : await createLeadFromMessage(tx, {
          orgId: mailbox.orgId,
          address,
          name: counterpart?.name ?? null,
          subject: message.subject,
          responsibleUserId: actor.userId,
          sourceMailboxId: mailbox.id,
          threadIds,
        });
    const record = target?.kind === 'contact' ? target.contact : (target?.lead ?? lead!);
    const responsibleUserId = record.responsibleUserId ?? actor.userId;
    const activity = await createCrmActivity(tx, {
      orgId: mailbox.orgId,
      message,
      textBody,
      htmlBody,
      target:
        target?.kind === 'contact' ? { contactId: record.id, leadId: null } : { contactId: null, leadId: record.id },
      direction,
      responsibleUserId,
      routing: routingDecision(
        'manual',
        [{ key: 'manual', values: { name: context.userNames.get(actor.userId) ?? { key: 'colleague' } } }],
        responsibleUserId,
      ),
      createdByUserId: actor.userId,
    });
    if (!activity) throw new Error(`CRM activity for message ${message.id} was not created`);
    return { activity, created: true };
  });

  if (outcome.created)
    await copyActivityAttachments(db, {
      mailbox,
      activities: [{ activityId: outcome.activity.id, messageId: message.id }],
    });
  return savedResult(outcome.activity);
}
