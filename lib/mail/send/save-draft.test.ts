import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { getDb } from '@/db/client';
import { mailboxAccess, mailFolders, messages } from '@/db/schema';
import { createTestUser } from '@/test/factories';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { inProcessParser } from '../parse/parse-input';
import { syncMailbox } from '../sync/sync-mailbox';
import { createUpload } from './create-upload';
import { deleteDraft, saveDraft } from './save-draft';

const servers = useMailServers();

async function setup() {
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  const actor: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
  /** The Drafts folder as another client (a phone) sees it. */
  const drafts = async () => {
    const client = await box.otherClient();
    try {
      await client.mailboxOpen('Drafts');
      const all = await client.fetchAll('1:*', { uid: true, flags: true, source: true }).catch(() => []);
      return Promise.all(
        all.map(async (m) => ({
          uid: m.uid,
          flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort(),
          parsed: await simpleParser(m.source!),
        })),
      );
    } finally {
      await client.logout();
    }
  };
  return { box, actor, drafts };
}

describe('drafts', () => {
  it('saves a draft to the server Drafts folder, and saving again replaces it', async () => {
    const { box, actor, drafts } = await setup();
    const first = await saveDraft(getDb(), {
      actor,
      mailboxId: box.mailbox.id,
      to: ['alice@example.test'],
      bcc: ['bob@example.test'],
      subject: 'Plan',
      html: '<p>First words</p>',
    });
    let onServer = await drafts();
    expect(onServer.map((d) => d.uid)).toEqual([first.uid]);
    expect(onServer[0]!.flags).toEqual(['\\Draft', '\\Seen']);
    expect(onServer[0]!.parsed.subject).toBe('Plan');
    expect(onServer[0]!.parsed.html).toContain('First words');
    // A draft keeps its Bcc, or it would be lost when the writer comes back to it.
    expect(onServer[0]!.parsed.headers.get('bcc')).toMatchObject({ value: [{ address: 'bob@example.test' }] });

    const upload = await createUpload(getDb(), {
      actor,
      filename: 'agenda.txt',
      contentType: 'text/plain',
      content: Buffer.from('1. budget'),
    });
    const second = await saveDraft(getDb(), {
      actor,
      mailboxId: box.mailbox.id,
      to: ['alice@example.test'],
      subject: 'Plan v2',
      html: '<p>Second words</p>',
      uploadIds: [upload.id],
      replaceUid: first.uid,
    });
    expect(second.uid).not.toBe(first.uid);
    onServer = await drafts();
    expect(onServer.map((d) => [d.uid, d.parsed.subject])).toEqual([[second.uid, 'Plan v2']]);
    expect(onServer[0]!.parsed.attachments.map((a) => a.filename)).toEqual(['agenda.txt']);

    await deleteDraft(getDb(), { actor, mailboxId: box.mailbox.id, uid: second.uid });
    expect(await drafts()).toEqual([]);
  });

  it('saves an unfinished draft without recipients, and only people with the send right may', async () => {
    const { box, actor, drafts } = await setup();
    const { uid } = await saveDraft(getDb(), { actor, mailboxId: box.mailbox.id, subject: '', html: '' });
    expect((await drafts()).map((d) => d.uid)).toEqual([uid]);
    const colleague = await createTestUser(getDb(), { orgId: box.org.id });
    await getDb()
      .insert(mailboxAccess)
      .values({ orgId: box.org.id, mailboxId: box.mailbox.id, userId: colleague.id, level: 'read' });
    const asColleague: Actor = { kind: 'user', userId: colleague.id, orgId: box.org.id, role: 'employee' };
    await expect(
      saveDraft(getDb(), { actor: asColleague, mailboxId: box.mailbox.id, subject: 'x', html: '' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(deleteDraft(getDb(), { actor: asColleague, mailboxId: box.mailbox.id, uid })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await drafts()).map((d) => d.uid)).toEqual([uid]);
  });

  it('shows a saved draft in the local Drafts folder at once, and the next sync does not add it again', async () => {
    const { box, actor, drafts } = await setup();
    await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: inProcessParser });
    const local = async () => {
      const [folder] = await getDb()
        .select({ id: mailFolders.id })
        .from(mailFolders)
        .where(and(eq(mailFolders.mailboxId, box.mailbox.id), eq(mailFolders.specialUse, 'drafts')));
      return getDb()
        .select({ uid: messages.uid, subject: messages.subject, draft: messages.draft, seen: messages.seen })
        .from(messages)
        .where(eq(messages.folderId, folder!.id));
    };
    const first = await saveDraft(getDb(), { actor, mailboxId: box.mailbox.id, subject: 'Early', html: '<p>a</p>' });
    expect(await local()).toEqual([{ uid: first.uid, subject: 'Early', draft: true, seen: true }]);
    const second = await saveDraft(getDb(), {
      actor,
      mailboxId: box.mailbox.id,
      subject: 'Early v2',
      html: '<p>b</p>',
      replaceUid: first.uid,
    });
    expect(await local()).toEqual([{ uid: second.uid, subject: 'Early v2', draft: true, seen: true }]);
    await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: inProcessParser });
    expect(await local()).toEqual([{ uid: second.uid, subject: 'Early v2', draft: true, seen: true }]);
    expect((await drafts()).map((d) => d.uid)).toEqual([second.uid]);
  });

  it("goes out as the owner's name when the mailbox has no sender name", async () => {
    const { box, actor, drafts } = await setup();
    await saveDraft(getDb(), { actor, mailboxId: box.mailbox.id, subject: 'Named', html: '' });
    expect((await drafts())[0]!.parsed.from?.value).toEqual([{ name: box.user.name, address: box.email }]);
  });
});
