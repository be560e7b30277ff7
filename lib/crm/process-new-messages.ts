import { and, asc, eq, gt, gte, inArray, isNull, not, notInArray, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import {
  mailboxes,
  mailFolders,
  messageBodies,
  messages,
  type MailFolder,
  type Mailbox,
  type Message,
} from '@/db/schema';
import { lockMessageForLink } from '../work/message-links';
import { copyActivityAttachments } from './copy-activity-attachments';
import { createCrmActivity } from './create-crm-activity';
import { createLeadFromMessage } from './create-lead-from-message';
import { lockOrgCrm } from './crm-org-lock';
import { evaluateCrmRules } from './crm-rules';
import { findCrmTarget, threadIdsOf } from './find-crm-target';
import { findExistingActivity } from './find-existing-activity';
import { loadCrmRuleContext, type CrmRuleContext } from './load-crm-rule-context';
import { syncRoutingDecision } from './routing-decision';

export type CrmProcessReport = {
  mailboxId: string;
  examined: number;
  activities: number;
  leads: number;
  attachmentsCopied: number;
  attachmentsNotCopied: number;
};

const DAY_MS = 24 * 60 * 60 * 1000;
// Incoming mail only: what the mailbox's people sent or drafted is not a client writing in.
const NOT_INCOMING = ['sent', 'drafts', 'junk', 'trash'] as const;

type Batch = {
  mailbox: Mailbox;
  examined: number;
  leads: number;
  created: Array<{ activityId: string; messageId: number }>;
  done: boolean;
};

/**
 * The CRM rules over the messages a sync brought in (SPEC §6), when the mailbox is linked to the CRM. Walks
 * the mailbox's messages past crmProcessedThroughId in id order (ids grow with each insert, and one sync at
 * a time stores a mailbox's messages, so none is committed behind the cursor) and advances it with each batch
 * in the same transaction. Turning the CRM on therefore processes what is already imported within the window.
 */
export async function processMailboxForCrm(
  db: Db,
  options: { mailboxId: string; now?: Date; batchSize?: number },
): Promise<CrmProcessReport> {
  const report: CrmProcessReport = {
    mailboxId: options.mailboxId,
    examined: 0,
    activities: 0,
    leads: 0,
    attachmentsCopied: 0,
    attachmentsNotCopied: 0,
  };
  const now = options.now ?? new Date();
  for (;;) {
    const batch = await db.transaction((tx) => processBatch(tx, options.mailboxId, now, options.batchSize ?? 200));
    if (!batch) return report;
    report.examined += batch.examined;
    report.leads += batch.leads;
    report.activities += batch.created.length;
    const copied = await copyActivityAttachments(db, { mailbox: batch.mailbox, activities: batch.created });
    report.attachmentsCopied += copied.copied;
    report.attachmentsNotCopied += copied.notCopied;
    if (batch.done) return report;
  }
}

async function processBatch(tx: DbOrTx, mailboxId: string, now: Date, batchSize: number): Promise<Batch | null> {
  const [owner] = await tx.select({ orgId: mailboxes.orgId }).from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!owner) return null;
  await lockOrgCrm(tx, owner.orgId);
  // Read after the lock: another process may have moved the cursor while this one waited.
  const [mailbox] = await tx.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (!mailbox?.crmEnabled) return null;

  // Only mail within the window can match, so only that is walked: the (org, received) index bounds the scan
  // to the organization's last N days however much older mail the mailbox holds. What lies outside the window
  // stays behind the cursor's reach for good, which is what "process the last N days" means.
  const windowStart = new Date(now.getTime() - mailbox.crmWindowDays * DAY_MS);
  const ids = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.orgId, mailbox.orgId),
        gte(messages.receivedAt, windowStart),
        eq(messages.mailboxId, mailboxId),
        gt(messages.id, mailbox.crmProcessedThroughId),
      ),
    )
    .orderBy(asc(messages.id))
    .limit(batchSize);
  if (ids.length === 0) return null;

  const candidates = await tx
    .select({
      message: messages,
      specialUse: mailFolders.specialUse,
      textBody: messageBodies.textBody,
      htmlBody: messageBodies.htmlBody,
      headers: messageBodies.headers,
    })
    .from(messages)
    .innerJoin(mailFolders, eq(mailFolders.id, messages.folderId))
    .leftJoin(messageBodies, eq(messageBodies.messageId, messages.id))
    .where(
      and(
        inArray(
          messages.id,
          ids.map((r) => r.id),
        ),
        or(isNull(mailFolders.specialUse), notInArray(mailFolders.specialUse, [...NOT_INCOMING])),
        not(messages.hiddenFromWebmail),
      ),
    )
    .orderBy(asc(messages.id));

  const batch: Batch = { mailbox, examined: ids.length, leads: 0, created: [], done: ids.length < batchSize };
  // The organization's employees and exception list, read once per batch and only when there is mail to judge.
  const context = candidates.length > 0 ? await loadCrmRuleContext(tx, { orgId: mailbox.orgId }) : null;
  for (const row of candidates) {
    const made = context && (await processCandidate(tx, { mailbox, context, row, now }));
    if (!made) continue;
    if (made.newLead) batch.leads += 1;
    batch.created.push({ activityId: made.activityId, messageId: row.message.id });
  }

  await tx
    .update(mailboxes)
    .set({ crmProcessedThroughId: sql`greatest(${mailboxes.crmProcessedThroughId}, ${ids.at(-1)!.id}::bigint)` })
    .where(eq(mailboxes.id, mailbox.id));
  return batch;
}

type Candidate = {
  message: Message;
  specialUse: MailFolder['specialUse'];
  textBody: string | null;
  htmlBody: string | null;
  headers: Array<[string, string]> | null;
};

async function processCandidate(
  tx: DbOrTx,
  { mailbox, context, row, now }: { mailbox: Mailbox; context: CrmRuleContext; row: Candidate; now: Date },
): Promise<{ activityId: string; newLead: boolean } | null> {
  const address = row.message.fromAddress?.trim().toLowerCase();
  if (!address) return null;
  const rules = evaluateCrmRules({
    fromAddress: address,
    folderSpecialUse: row.specialUse,
    receivedAt: row.message.receivedAt,
    now,
    windowDays: mailbox.crmWindowDays,
    employeeAddresses: context.employeeAddresses,
    exceptions: context.exceptions,
    headers: row.headers ?? [],
    crmEnabled: mailbox.crmEnabled,
  });
  if (!rules.match) return null;
  if (await findExistingActivity(tx, { orgId: mailbox.orgId, message: row.message, userId: null })) return null;

  const threadIds = threadIdsOf(row.message);
  const target = await findCrmTarget(tx, { orgId: mailbox.orgId, address, threadIds });
  if (!target && !mailbox.crmCreateLeads) return null;
  // Locked before a lead is made for it: a message the retention purge just removed leaves nothing behind.
  if (!(await lockMessageForLink(tx, row.message.id))) return null;
  const routing = syncRoutingDecision({
    target,
    address,
    routeToManager: mailbox.crmRouteToManager,
    mailboxOwnerId: mailbox.ownerUserId,
    userNames: context.userNames,
  });
  const lead = target
    ? null
    : await createLeadFromMessage(tx, {
        orgId: mailbox.orgId,
        address,
        name: row.message.fromName,
        subject: row.message.subject,
        responsibleUserId: mailbox.ownerUserId,
        sourceMailboxId: mailbox.id,
        threadIds,
      });
  const activity = await createCrmActivity(tx, {
    orgId: mailbox.orgId,
    message: row.message,
    textBody: row.textBody,
    htmlBody: row.htmlBody,
    target:
      target?.kind === 'contact'
        ? { contactId: target.contact.id, leadId: null }
        : { contactId: null, leadId: target?.lead.id ?? lead!.id },
    direction: 'incoming',
    responsibleUserId: routing.assignedToUserId,
    routing,
    createdByUserId: null,
  });
  // The message is locked and has no activity (checked under the organization's lock): this cannot happen.
  if (!activity) throw new Error(`CRM activity for message ${row.message.id} was not created`);
  return { activityId: activity.id, newLead: lead !== null };
}
