import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { crmActivities, crmLeads, mailboxes, messageBodies, messages } from '@/db/schema';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import { processMailboxForCrm } from './process-new-messages';

afterAll(closeDb);

type Mail = {
  from: string;
  subject: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  minutesAgo?: number;
};

/** Local message rows in a mailbox with CRM on, as a sync would leave them (no mail server needed). */
async function mailboxWith(orgId: string, ownerUserId: string, mails: Mail[]) {
  const db = getDb();
  const mailbox = await createTestMailbox(db, { orgId, ownerUserId });
  await db
    .update(mailboxes)
    .set({ crmEnabled: true, crmCreateLeads: true, crmRouteToManager: true })
    .where(eq(mailboxes.id, mailbox.id));
  const ids = await createTestMessages(db, { orgId, mailboxId: mailbox.id, count: mails.length });
  for (const [i, mail] of mails.entries()) {
    const id = ids[i]!;
    await db
      .update(messages)
      .set({
        fromAddress: mail.from,
        subject: mail.subject,
        messageIdHeader: mail.messageId,
        inReplyTo: mail.inReplyTo ?? null,
        referenceIds: mail.references ?? [],
        receivedAt: new Date(Date.now() - (mail.minutesAgo ?? 0) * 60_000),
      })
      .where(eq(messages.id, id));
    await db.insert(messageBodies).values({ messageId: id, orgId, textBody: `Body of ${mail.subject}` });
  }
  return mailbox;
}

describe('leads per conversation', () => {
  it('makes one lead for a thread written by two unknown senders, across two mailboxes processed at once', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const [anna, ben] = await Promise.all([
      createTestUser(db, { orgId: org.id }),
      createTestUser(db, { orgId: org.id }),
    ]);
    const tag = randomBytes(4).toString('hex');
    const first = `<first-${tag}@buyer.test>`;
    const reply = `<reply-${tag}@buyer.test>`;
    // The opening message reached both mailboxes; a colleague of the sender answered it to Ben only.
    const opening: Mail = {
      from: `Carl@Buyer-${tag}.test`,
      subject: 'Pricing for 40 seats',
      messageId: first,
      minutesAgo: 10,
    };
    const answer: Mail = {
      from: `dana@buyer-${tag}.test`,
      subject: 'Re: Pricing for 40 seats',
      messageId: reply,
      inReplyTo: first,
      references: [first],
    };
    const boxA = await mailboxWith(org.id, anna.id, [opening]);
    const boxB = await mailboxWith(org.id, ben.id, [opening, answer]);

    const reports = await Promise.all([
      processMailboxForCrm(db, { mailboxId: boxA.id }),
      processMailboxForCrm(db, { mailboxId: boxB.id }),
    ]);
    expect(reports.reduce((n, r) => n + r.leads, 0)).toBe(1);

    const leads = await db.select().from(crmLeads).where(eq(crmLeads.orgId, org.id));
    expect(leads).toHaveLength(1);
    const lead = leads[0]!;
    expect(lead).toMatchObject({ title: 'Pricing for 40 seats', email: `carl@buyer-${tag}.test`, status: 'new' });
    expect(lead.threadMessageIds.sort()).toEqual([first, reply].sort());

    const activities = await db
      .select()
      .from(crmActivities)
      .where(eq(crmActivities.orgId, org.id))
      .orderBy(asc(crmActivities.occurredAt));
    expect(activities.map((a) => [a.subject, a.leadId, a.routing.rule])).toEqual([
      ['Pricing for 40 seats', lead.id, 'new_lead'],
      ['Re: Pricing for 40 seats', lead.id, 'conversation'],
    ]);
    expect(activities[0]).toMatchObject({
      fromAddress: `carl@buyer-${tag}.test`,
      textBody: 'Body of Pricing for 40 seats',
      direction: 'incoming',
      createdByUserId: null,
    });

    // Both copies of the opening message are kept for the CRM; the cursor of each mailbox moved past its mail.
    const copies = await db
      .select({ linkKinds: messages.linkKinds })
      .from(messages)
      .where(eq(messages.messageIdHeader, first));
    expect(copies.map((c) => c.linkKinds)).toEqual([['crm'], ['crm']]);
    for (const box of [boxA, boxB]) {
      const [state] = await db
        .select({ through: mailboxes.crmProcessedThroughId })
        .from(mailboxes)
        .where(eq(mailboxes.id, box.id));
      const [last] = await db
        .select({ id: messages.id })
        .from(messages)
        .where(eq(messages.mailboxId, box.id))
        .orderBy(asc(messages.id));
      expect(state!.through).toBeGreaterThanOrEqual(last!.id);
    }
  });

  it('processes nothing while the CRM is off, and what is within the window once it is turned on', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const owner = await createTestUser(db, { orgId: org.id });
    const tag = randomBytes(4).toString('hex');
    const box = await mailboxWith(org.id, owner.id, [
      {
        from: `old@far-${tag}.test`,
        subject: 'Ten days ago',
        messageId: `<old-${tag}@far.test>`,
        minutesAgo: 10 * 24 * 60,
      },
      { from: `new@near-${tag}.test`, subject: 'Yesterday', messageId: `<new-${tag}@near.test>`, minutesAgo: 24 * 60 },
    ]);
    await db.update(mailboxes).set({ crmEnabled: false }).where(eq(mailboxes.id, box.id));
    expect(await processMailboxForCrm(db, { mailboxId: box.id })).toMatchObject({ examined: 0, activities: 0 });

    await db.update(mailboxes).set({ crmEnabled: true, crmWindowDays: 7 }).where(eq(mailboxes.id, box.id));
    expect(await processMailboxForCrm(db, { mailboxId: box.id, batchSize: 1 })).toMatchObject({
      examined: 1,
      activities: 1,
      leads: 1,
    });
    const leads = await db.select({ title: crmLeads.title }).from(crmLeads).where(eq(crmLeads.orgId, org.id));
    expect(leads).toEqual([{ title: 'Yesterday' }]);
    // Done once: a second pass finds nothing new.
    expect(await processMailboxForCrm(db, { mailboxId: box.id })).toMatchObject({ examined: 0, activities: 0 });
  });
});
