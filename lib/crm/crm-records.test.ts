import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { crmActivities, crmActivityAttachments, crmLeads } from '@/db/schema';
import { createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../access/actor';
import { addCrmException } from './add-crm-exception';
import { convertLead } from './convert-lead';
import { createContact } from './create-contact';
import { getContact } from './get-contact';
import { getLead } from './get-lead';
import { listContacts } from './list-contacts';
import { listCrmExceptions } from './list-crm-exceptions';
import { listLeads } from './list-leads';
import { openActivityAttachment } from './open-activity-attachment';
import { removeCrmException } from './remove-crm-exception';
import { renderActivityHtml } from './render-activity-html';
import { updateContact } from './update-contact';
import { updateLead } from './update-lead';

afterAll(closeDb);

async function org() {
  const db = getDb();
  const created = await createTestOrg(db);
  const [member, admin] = await Promise.all([
    createTestUser(db, { orgId: created.id, name: 'Mia Member' }),
    createTestUser(db, { orgId: created.id, role: 'admin' }),
  ]);
  const as = (u: { id: string; role: 'admin' | 'employee' }): Actor => ({
    kind: 'user',
    userId: u.id,
    orgId: created.id,
    role: u.role,
  });
  return { id: created.id, member, admin, asMember: as(member), asAdmin: as(admin) };
}

/** A lead with one activity carrying HTML and two files, one of them recorded without its bytes. */
async function leadWithActivity(orgId: string, email: string) {
  const db = getDb();
  const [lead] = await db.insert(crmLeads).values({ orgId, title: 'Big order', name: 'Zoe', email }).returning();
  const [activity] = await db
    .insert(crmActivities)
    .values({
      orgId,
      leadId: lead!.id,
      direction: 'incoming',
      subject: 'Big order',
      fromAddress: email,
      htmlBody: '<p onclick="x()">Hi <img src="https://tracker.test/p.gif"><script>alert(1)</script></p>',
      occurredAt: new Date(),
      routing: { rule: 'new_lead', reason: 'test', assignedToUserId: null },
    })
    .returning();
  const files = await db
    .insert(crmActivityAttachments)
    .values([
      {
        orgId,
        activityId: activity!.id,
        filename: 'quote.pdf',
        contentType: 'application/pdf',
        size: 3,
        content: Buffer.from('pdf'),
      },
      {
        orgId,
        activityId: activity!.id,
        filename: 'huge.iso',
        contentType: 'application/octet-stream',
        size: 30_000_000,
        content: Buffer.alloc(0),
      },
    ])
    .returning();
  return { lead: lead!, activity: activity!, files };
}

describe('CRM records', () => {
  it('every member reads and edits the organization’s CRM; other organizations see nothing', async () => {
    const a = await org();
    const b = await org();
    const tag = randomBytes(4).toString('hex');
    const contact = await createContact(getDb(), {
      actor: a.asMember,
      input: {
        name: 'Ada',
        emails: `Ada@x-${tag}.test, ada@x-${tag}.test;ada2@x-${tag}.test`,
        company: ' ',
        responsibleUserId: a.admin.id,
      },
    });
    expect(contact).toMatchObject({
      emails: [`ada@x-${tag}.test`, `ada2@x-${tag}.test`],
      company: null,
      responsibleUserId: a.admin.id,
    });
    const edited = await updateContact(getDb(), {
      actor: a.asAdmin,
      contactId: contact.id,
      input: { name: 'Ada L.', emails: [`ada@x-${tag}.test`], company: 'X Ltd', responsibleUserId: '' },
    });
    expect(edited).toMatchObject({ name: 'Ada L.', company: 'X Ltd', responsibleUserId: null });

    await expect(
      createContact(getDb(), { actor: a.asMember, input: { name: 'Dup', emails: `ADA@x-${tag}.test` } }),
    ).rejects.toMatchObject({
      code: 'conflict',
      userMessage: `ada@x-${tag}.test already belongs to the contact Ada L..`,
    });
    await expect(
      createContact(getDb(), { actor: a.asMember, input: { name: 'Bad', emails: 'not-an-address' } }),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(
      createContact(getDb(), {
        actor: a.asMember,
        input: { name: 'Foreign manager', emails: [], responsibleUserId: b.member.id },
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    // Another organization may use the same address for its own contact, and cannot see ours.
    await createContact(getDb(), { actor: b.asMember, input: { name: 'Ada at B', emails: `ada@x-${tag}.test` } });
    await expect(getContact(getDb(), { actor: b.asMember, contactId: contact.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      updateContact(getDb(), { actor: b.asAdmin, contactId: contact.id, input: { name: 'x', emails: [] } }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect((await listContacts(getDb(), { actor: b.asMember, q: 'Ada L' })).items).toEqual([]);
    expect((await listContacts(getDb(), { actor: a.asMember, q: `ADA@X-${tag}` })).items.map((c) => c.id)).toEqual([
      contact.id,
    ]);
    expect((await listContacts(getDb(), { actor: a.asMember, q: `x ltd` })).items.map((c) => c.name)).toEqual([
      'Ada L.',
    ]);
    await expect(getContact(getDb(), { actor: a.asMember, contactId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('pages leads with a keyset cursor and filters them by status', async () => {
    const a = await org();
    await getDb()
      .insert(crmLeads)
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          orgId: a.id,
          title: `Lead ${i}`,
          status: i % 4 === 0 ? ('lost' as const) : ('new' as const),
        })),
      );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listLeads(getDb(), { actor: a.asMember, cursor });
      seen.push(...page.items.map((l) => l.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toHaveLength(120);
    expect((await listLeads(getDb(), { actor: a.asMember, status: 'lost' })).items).toHaveLength(30);
    await expect(listLeads(getDb(), { actor: a.asMember, cursor: 'garbage' })).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('edits a lead and converts it into a contact that keeps its e-mails', async () => {
    const a = await org();
    const email = `zoe@buyer-${randomBytes(4).toString('hex')}.test`;
    const { lead, activity } = await leadWithActivity(a.id, email);
    const updated = await updateLead(getDb(), {
      actor: a.asMember,
      leadId: lead.id,
      input: { status: 'in_progress', responsibleUserId: a.member.id },
    });
    expect(updated).toMatchObject({ status: 'in_progress', responsibleUserId: a.member.id });
    await expect(
      updateLead(getDb(), { actor: a.asMember, leadId: lead.id, input: { status: 'converted' as 'new' } }),
    ).rejects.toMatchObject({ code: 'validation' });

    const { contactId, created } = await convertLead(getDb(), { actor: a.asMember, leadId: lead.id });
    expect(created).toBe(true);
    const contact = await getContact(getDb(), { actor: a.asAdmin, contactId });
    expect(contact).toMatchObject({
      name: 'Zoe',
      emails: [email],
      responsible: { id: a.member.id, name: 'Mia Member' },
    });
    expect(contact.activities.map((x) => x.id)).toEqual([activity.id]);
    expect(await getLead(getDb(), { actor: a.asMember, leadId: lead.id })).toMatchObject({
      status: 'converted',
      contactId,
    });
    expect(await convertLead(getDb(), { actor: a.asMember, leadId: lead.id })).toEqual({ contactId, created: false });
    await expect(
      updateLead(getDb(), { actor: a.asMember, leadId: lead.id, input: { status: 'new' } }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('serves an activity’s copied files and its sanitized HTML to the organization only', async () => {
    const a = await org();
    const b = await org();
    const { lead, activity, files } = await leadWithActivity(a.id, 'zoe@buyer.test');
    const [copied, skipped] = files;
    expect(
      (await openActivityAttachment(getDb(), { actor: a.asMember, attachmentId: copied!.id })).content.toString(),
    ).toBe('pdf');
    await expect(
      openActivityAttachment(getDb(), { actor: a.asMember, attachmentId: skipped!.id }),
    ).rejects.toMatchObject({ code: 'not_found', userMessage: expect.stringMatching(/not copied/) });
    await expect(
      openActivityAttachment(getDb(), { actor: b.asMember, attachmentId: copied!.id }),
    ).rejects.toMatchObject({ code: 'not_found', userMessage: 'No such attachment.' });

    const view = await getLead(getDb(), { actor: a.asMember, leadId: lead.id });
    expect(view.activities[0]).toMatchObject({
      hasHtml: true,
      text: [],
      attachments: [
        { filename: 'quote.pdf', copied: true },
        { filename: 'huge.iso', copied: false, size: 30_000_000 },
      ],
    });

    const frame = await renderActivityHtml(getDb(), {
      actor: a.asMember,
      activityId: activity.id,
      origin: 'https://mail.example.test',
    });
    expect(frame.html).toContain('Hi');
    expect(frame.html).not.toMatch(/script>alert|onclick|tracker\.test/);
    expect(frame.contentSecurityPolicy).toMatch(/sandbox/);
    await expect(
      renderActivityHtml(getDb(), { actor: b.asMember, activityId: activity.id, origin: 'https://mail.example.test' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps the exception list to admins', async () => {
    const a = await org();
    await expect(addCrmException(getDb(), { actor: a.asMember, value: 'example.com' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(listCrmExceptions(getDb(), { actor: a.asMember })).rejects.toMatchObject({ code: 'forbidden' });
    const domain = await addCrmException(getDb(), { actor: a.asAdmin, value: '@Example.COM' });
    await addCrmException(getDb(), { actor: a.asAdmin, value: 'Ada@Vendor.test' });
    await expect(addCrmException(getDb(), { actor: a.asAdmin, value: 'example.com' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(addCrmException(getDb(), { actor: a.asAdmin, value: 'not a domain' })).rejects.toMatchObject({
      code: 'validation',
    });
    expect((await listCrmExceptions(getDb(), { actor: a.asAdmin })).map((e) => [e.kind, e.value])).toEqual([
      ['address', 'ada@vendor.test'],
      ['domain', 'example.com'],
    ]);
    const b = await org();
    await expect(removeCrmException(getDb(), { actor: b.asAdmin, exceptionId: domain.id })).rejects.toMatchObject({
      code: 'not_found',
    });
    await removeCrmException(getDb(), { actor: a.asAdmin, exceptionId: domain.id });
    expect(await listCrmExceptions(getDb(), { actor: a.asAdmin })).toHaveLength(1);
  });
});
