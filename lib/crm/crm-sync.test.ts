import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { crmActivities, crmActivityAttachments, crmLeads, mailboxes, messages } from '@/db/schema';
import { appendMessages, generateMessage } from '@/scripts/test-servers/seed-mail';
import { createTestUser } from '@/test/factories';
import { connectedMailbox, daysAgo, MAIL_PASSWORD } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../access/actor';
import { buildOutgoingMime } from '../mail/send/build-outgoing-mime';
import { runMailboxSyncJob } from '../mail/sync/run-sync-job';
import { addCrmException } from './add-crm-exception';
import { copyActivityAttachments } from './copy-activity-attachments';
import { createContact } from './create-contact';
import { MAILROOM_NOTIFICATION_HEADER } from './crm-rules';
import { saveMessageToCrm } from './save-message-to-crm';
import { updateMailboxCrmSettings } from './update-mailbox-crm-settings';

const servers = useMailServers();

/** A mailbox on Dovecot with CRM, routing and leads on; a contact with a manager; an exception list. */
async function crmMailbox() {
  const db = getDb();
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  const owner: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
  const manager = await createTestUser(db, { orgId: box.org.id, name: 'Bob Manager' });
  const admin = await createTestUser(db, { orgId: box.org.id, role: 'admin' });
  const asAdmin: Actor = { kind: 'user', userId: admin.id, orgId: box.org.id, role: 'admin' };
  const tag = randomBytes(4).toString('hex');
  const at = (local: string, domain: string) => `${local}@${domain}-${tag}.test`;
  const contact = await createContact(db, {
    actor: owner,
    input: { name: 'Ada Lovelace', emails: at('Ada', 'Client'), responsibleUserId: manager.id },
  });
  await updateMailboxCrmSettings(db, {
    actor: owner,
    mailboxId: box.mailbox.id,
    settings: { enabled: true, windowDays: 7, routeToManager: true, createLeads: true },
  });
  await addCrmException(db, { actor: asAdmin, value: at('noreply', 'vendor') });
  await addCrmException(db, { actor: asAdmin, value: `@partner-${tag}.test` });

  type Mail = {
    from: string;
    subject: string;
    days?: number;
    messageId?: string;
    headers?: Record<string, string>;
    to?: string;
  };
  const append = (folder: string, mails: Mail[]) =>
    appendMessages({
      host: '127.0.0.1',
      port: servers.dovecot.imapPort,
      user: box.email,
      password: MAIL_PASSWORD,
      folder,
      messages: mails.map((m) => ({
        raw: generateMessage({
          from: m.from,
          to: m.to ?? box.email,
          subject: m.subject,
          date: daysAgo(m.days ?? 1),
          messageId: m.messageId,
          headers: m.headers,
        }),
        internalDate: daysAgo(m.days ?? 1),
      })),
    });
  const sync = () => runMailboxSyncJob(db, { mailboxId: box.mailbox.id });
  const messageBySubject = async (subject: string) =>
    (
      await db
        .select()
        .from(messages)
        .where(and(eq(messages.mailboxId, box.mailbox.id), eq(messages.subject, subject)))
    )[0]!;
  const activities = async () => db.select().from(crmActivities).where(eq(crmActivities.orgId, box.org.id));
  return { box, owner, manager, contact, tag, at, append, sync, messageBySubject, activities };
}

describe('CRM rules on sync, against Dovecot', () => {
  it('routes known clients, makes one lead per conversation and skips what the rules exclude', async () => {
    const t = await crmMailbox();
    const quoteId = `<quote-${t.tag}@newco.test>`;
    await t.append('INBOX', [
      { from: `Ada Lovelace <${t.at('ada', 'client')}>`, subject: 'Order question' },
      { from: `Carl <${t.at('carl', 'newco')}>`, subject: 'Quote request', messageId: quoteId, days: 2 },
      {
        from: t.at('dana', 'newco'),
        subject: 'Re: Quote request',
        headers: { 'In-Reply-To': quoteId, References: quoteId },
      },
      { from: `Bob <${t.manager.email}>`, subject: 'Internal note' },
      { from: t.at('NoReply', 'vendor'), subject: 'Newsletter' },
      { from: t.at('news', 'eu.partner'), subject: 'Partner news' },
      { from: t.at('old', 'oldco'), subject: 'Old enquiry', days: 10 },
      {
        from: t.at('notify', 'mailroom'),
        subject: 'You were mentioned',
        headers: { [MAILROOM_NOTIFICATION_HEADER]: 'mention' },
      },
    ]);
    await t.append('Junk', [{ from: t.at('spam', 'spamco'), subject: 'Cheap pills' }]);
    await t.append('Sent', [{ from: t.box.email, to: t.at('ada', 'client'), subject: 'Our offer' }]);
    expect(await t.sync()).toMatchObject({ status: 'synced' });

    const bySubject = new Map((await t.activities()).map((a) => [a.subject, a]));
    expect([...bySubject.keys()].sort()).toEqual(['Order question', 'Quote request', 'Re: Quote request']);
    expect(bySubject.get('Order question')).toMatchObject({
      contactId: t.contact.id,
      leadId: null,
      responsibleUserId: t.manager.id,
      direction: 'incoming',
    });
    // Stored as catalogue sentences (worded for each reader by the activity timeline) and their English.
    expect(bySubject.get('Order question')!.routing).toEqual({
      rule: 'known_contact',
      reason: `Sender ${t.at('ada', 'client')} is the contact Ada Lovelace. Routed to the responsible manager Bob Manager.`,
      why: [
        { key: 'who.contact', values: { address: t.at('ada', 'client'), name: 'Ada Lovelace' } },
        { key: 'then.manager', values: { name: 'Bob Manager' } },
      ],
      assignedToUserId: t.manager.id,
    });
    expect(bySubject.get('Order question')!.textBody).toBeTruthy();

    const leads = await getDb().select().from(crmLeads).where(eq(crmLeads.orgId, t.box.org.id));
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      title: 'Quote request',
      name: 'Carl',
      email: t.at('carl', 'newco'),
      status: 'new',
      responsibleUserId: t.box.user.id,
      sourceMailboxId: t.box.mailbox.id,
    });
    expect(bySubject.get('Quote request')).toMatchObject({
      leadId: leads[0]!.id,
      responsibleUserId: t.box.user.id,
      routing: { rule: 'new_lead' },
    });
    expect(bySubject.get('Re: Quote request')).toMatchObject({
      leadId: leads[0]!.id,
      routing: { rule: 'conversation' },
    });
    expect((await t.messageBySubject('Order question')).linkKinds).toEqual(['crm']);

    // Later: the lead writes again in a new thread; with routing off, Ada's mail stays with the mailbox owner.
    await updateMailboxCrmSettings(getDb(), {
      actor: t.owner,
      mailboxId: t.box.mailbox.id,
      settings: { enabled: true, windowDays: 7, routeToManager: false, createLeads: true },
    });
    await t.append('INBOX', [
      { from: t.at('carl', 'newco'), subject: 'Another question' },
      { from: t.at('ada', 'client'), subject: 'Delivery date' },
    ]);
    await t.sync();
    const later = new Map((await t.activities()).map((a) => [a.subject, a]));
    expect(later.get('Another question')).toMatchObject({ leadId: leads[0]!.id, routing: { rule: 'known_lead' } });
    expect(later.get('Delivery date')).toMatchObject({
      contactId: t.contact.id,
      responsibleUserId: t.box.user.id,
      routing: { rule: 'known_contact', assignedToUserId: t.box.user.id },
    });
    expect(later.get('Delivery date')!.routing.reason).toMatch(
      /Routing to the responsible manager is off for this mailbox/,
    );
    expect(later.size).toBe(5);

    // Processing everything again (a lost cursor) changes nothing.
    await getDb().update(mailboxes).set({ crmProcessedThroughId: 0 }).where(eq(mailboxes.id, t.box.mailbox.id));
    await t.sync();
    expect(await t.activities()).toHaveLength(5);
    expect(await getDb().select().from(crmLeads).where(eq(crmLeads.orgId, t.box.org.id))).toHaveLength(1);
  });

  it('copies an activity’s attachments from the mail server', async () => {
    const t = await crmMailbox();
    const file = randomBytes(50_000);
    const { raw } = await buildOutgoingMime({
      from: { name: 'Ada', address: t.at('ada', 'client') },
      to: [{ name: '', address: t.box.email }],
      cc: [],
      bcc: [],
      subject: 'Signed contract',
      html: '<p>Attached. <img src="cid:logo@client.test"></p>',
      messageId: `<contract-${t.tag}@client.test>`,
      date: new Date(),
      attachments: [
        { filename: 'contract.pdf', contentType: 'application/pdf', content: file },
        { filename: 'logo.png', contentType: 'image/png', content: randomBytes(500), contentId: 'logo@client.test' },
      ],
    });
    await appendMessages({
      host: '127.0.0.1',
      port: servers.dovecot.imapPort,
      user: t.box.email,
      password: MAIL_PASSWORD,
      messages: [{ raw }],
    });
    await t.sync();
    const [activity] = await t.activities();
    expect(activity).toMatchObject({ subject: 'Signed contract', contactId: t.contact.id });
    expect(activity!.htmlBody).toContain('Attached.');
    const copies = await getDb()
      .select()
      .from(crmActivityAttachments)
      .where(eq(crmActivityAttachments.activityId, activity!.id));
    expect(copies.map((c) => [c.filename, c.contentType, c.size])).toEqual([
      ['contract.pdf', 'application/pdf', file.length],
    ]);
    expect(copies[0]!.content.equals(file)).toBe(true);

    // Gone from the server before the copy: the file is still listed on the activity, without its bytes.
    await getDb().delete(crmActivityAttachments).where(eq(crmActivityAttachments.activityId, activity!.id));
    const other = await t.box.otherClient();
    await other.mailboxOpen('INBOX');
    await other.messageDelete('1:*');
    await other.logout();
    const [mailbox] = await getDb().select().from(mailboxes).where(eq(mailboxes.id, t.box.mailbox.id));
    expect(
      await copyActivityAttachments(getDb(), {
        mailbox: mailbox!,
        activities: [{ activityId: activity!.id, messageId: activity!.messageId! }],
      }),
    ).toEqual({ copied: 0, notCopied: 1 });
    const [placeholder] = await getDb()
      .select()
      .from(crmActivityAttachments)
      .where(eq(crmActivityAttachments.activityId, activity!.id));
    expect(placeholder).toMatchObject({ filename: 'contract.pdf', content: Buffer.alloc(0) });
    expect(placeholder!.size).toBeGreaterThan(0);
  });

  it('saves a message by hand: refused with the reason, idempotent, outgoing from Sent, a lead when unknown', async () => {
    const t = await crmMailbox();
    await updateMailboxCrmSettings(getDb(), {
      actor: t.owner,
      mailboxId: t.box.mailbox.id,
      settings: { enabled: false, windowDays: 7, routeToManager: true, createLeads: false },
    });
    await t.append('INBOX', [
      { from: `Bob <${t.manager.email}>`, subject: 'Internal note' },
      { from: t.at('old', 'oldco'), subject: 'Old enquiry', days: 10 },
      { from: t.at('x', 'partner'), subject: 'Partner news' },
      { from: `Eve <${t.at('eve', 'prospect')}>`, subject: 'Hello there' },
    ]);
    await t.append('Junk', [{ from: t.at('spam', 'spamco'), subject: 'Cheap pills' }]);
    await t.append('Sent', [{ from: t.box.email, to: `Ada <${t.at('ada', 'client')}>`, subject: 'Our offer' }]);
    await t.sync();
    expect(await t.activities()).toEqual([]);

    const save = async (subject: string, actor: Actor = t.owner) =>
      saveMessageToCrm(getDb(), { actor, messageId: (await t.messageBySubject(subject)).id });
    await expect(save('Internal note')).rejects.toMatchObject({
      code: 'crm_rules_mismatch',
      status: 422,
      userMessage: "The e-mail doesn't match the CRM rules: it was sent by an employee of your organization.",
      details: { reason: 'employee' },
    });
    await expect(save('Old enquiry')).rejects.toMatchObject({
      code: 'crm_rules_mismatch',
      details: { reason: 'too_old' },
    });
    await expect(save('Partner news')).rejects.toMatchObject({
      code: 'crm_rules_mismatch',
      details: { reason: 'exception_list' },
    });
    await expect(save('Cheap pills')).rejects.toMatchObject({
      code: 'crm_rules_mismatch',
      details: { reason: 'spam_or_trash' },
    });
    // Someone who cannot read the mailbox learns nothing about the message.
    await expect(
      save('Hello there', { kind: 'user', userId: t.manager.id, orgId: t.box.org.id, role: 'employee' }),
    ).rejects.toMatchObject({ code: 'not_found' });

    const [first, second] = await Promise.all([save('Hello there'), save('Hello there')]);
    expect(second).toEqual(first);
    expect(await save('Hello there')).toEqual(first);
    const [lead] = await getDb().select().from(crmLeads).where(eq(crmLeads.id, first!.leadId!));
    expect(lead).toMatchObject({
      title: 'Hello there',
      name: 'Eve',
      email: t.at('eve', 'prospect'),
      responsibleUserId: t.box.user.id,
    });
    const [activity] = await getDb().select().from(crmActivities).where(eq(crmActivities.id, first!.activityId));
    expect(activity).toMatchObject({
      createdByUserId: t.box.user.id,
      routing: {
        rule: 'manual',
        reason: `Saved by ${t.box.user.name}.`,
        why: [{ key: 'manual', values: { name: t.box.user.name } }],
        assignedToUserId: t.box.user.id,
      },
    });

    const sent = await save('Our offer');
    expect(sent).toMatchObject({ contactId: t.contact.id, leadId: null });
    const [outgoing] = await getDb().select().from(crmActivities).where(eq(crmActivities.id, sent.activityId));
    expect(outgoing).toMatchObject({ direction: 'outgoing', responsibleUserId: t.manager.id });
    const linked = await getDb()
      .select({ linkKinds: messages.linkKinds })
      .from(messages)
      .where(and(eq(messages.mailboxId, t.box.mailbox.id), inArray(messages.subject, ['Hello there', 'Our offer'])));
    expect(linked.map((l) => l.linkKinds)).toEqual([['crm'], ['crm']]);
  });
});
