import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { crmContacts, mailboxAccess, mailFolders, messages, type AddressJson } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../access/actor';
import { suggestRecipients } from './suggest-recipients';

const db = () => getDb();
const DAY = 86_400_000;
const tag = () => randomBytes(3).toString('hex');
const asActor = (user: { id: string; orgId: string }, role: 'admin' | 'employee' = 'employee'): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role,
});

type Mail = { from: AddressJson; to?: AddressJson[]; cc?: AddressJson[]; daysAgo?: number; folder?: 'INBOX' | 'Sent' };

async function world() {
  const org = await createTestOrg(db());
  const owner = await createTestUser(db(), { orgId: org.id });
  const mailbox = await createTestMailbox(db(), { orgId: org.id, ownerUserId: owner.id });
  const folders = new Map<string, number>();
  let uid = 0;
  const addMail = async (mails: Mail[], box = mailbox) => {
    for (const mail of mails) {
      const path = mail.folder ?? 'INBOX';
      const key = `${box.id}/${path}`;
      if (!folders.has(key)) {
        const [folder] = await db()
          .insert(mailFolders)
          .values({ orgId: box.orgId, mailboxId: box.id, path, name: path, uidValidity: 1 })
          .returning();
        folders.set(key, folder!.id);
      }
      await db()
        .insert(messages)
        .values({
          orgId: box.orgId,
          mailboxId: box.id,
          folderId: folders.get(key)!,
          uid: ++uid,
          fromAddress: mail.from.address,
          fromName: mail.from.name,
          toAddresses: mail.to ?? [],
          ccAddresses: mail.cc ?? [],
          receivedAt: new Date(Date.now() - (mail.daysAgo ?? 1) * DAY),
        });
    }
  };
  const me = { name: owner.name, address: mailbox.email };
  return { org, owner, mailbox, me, addMail };
}

const addresses = (list: Array<{ address: string }>) => list.map((s) => s.address);

describe('recipient suggestions', () => {
  it('ranks people the user wrote to above those who only wrote, and recent use above old', async () => {
    const { owner, mailbox, me, addMail } = await world();
    const t = tag();
    const written = { name: 'Anna Written', address: `anna.w.${t}@example.test` };
    const writer = { name: 'Anna Writer', address: `anna.r.${t}@example.test` };
    const old = { name: 'Anna Old', address: `anna.o.${t}@example.test` };
    await addMail([
      { from: writer, to: [me] },
      { from: writer, to: [me] },
      { from: me, to: [written], folder: 'Sent' },
      { from: me, to: [old], daysAgo: 400, folder: 'Sent' },
    ]);
    const found = await suggestRecipients(db(), { actor: asActor(owner), q: 'ANNA', mailboxId: mailbox.id });
    expect(addresses(found)).toEqual([written.address, writer.address, old.address]);
    expect(found[0]).toEqual({ ...written, source: 'mail' });
    // The user's own address is never suggested, whatever matches.
    const own = await suggestRecipients(db(), { actor: asActor(owner), q: mailbox.email.slice(0, 4) });
    expect(addresses(own)).not.toContain(mailbox.email);
  });

  it('matches the start of the address, of the name or of a word of it, ignoring case and accents', async () => {
    const { owner, mailbox, me, addMail } = await world();
    const t = tag();
    const emilie = { name: 'Émilie Dupré-Nguyễn', address: `e.${t}@example.test` };
    const dang = { name: 'Đặng Thị Hoa', address: `hoa.${t}@example.test` };
    await addMail([{ from: me, to: [emilie, dang], folder: 'Sent' }]);
    const search = async (q: string) =>
      addresses(await suggestRecipients(db(), { actor: asActor(owner), q, mailboxId: mailbox.id }));
    expect(await search('emi')).toEqual([emilie.address]);
    expect(await search('ÉMI')).toEqual([emilie.address]);
    expect(await search('dupre')).toEqual([emilie.address]);
    expect(await search('nguyen')).toEqual([emilie.address]);
    expect(await search('dang')).toEqual([dang.address]);
    expect(await search(`hoa.${t}`)).toEqual([dang.address]);
    // Inside a word is not a prefix; LIKE wildcards are text.
    expect(await search('milie')).toEqual([]);
    expect(await search('%')).toEqual([]);
    expect(await search('   ')).toEqual([]);
  });

  it('adds the organization’s CRM contacts, a correspondent who is one a little higher, never another org’s', async () => {
    const { org, owner, mailbox, me, addMail } = await world();
    const t = tag();
    const other = await createTestOrg(db());
    await db()
      .insert(crmContacts)
      .values([
        { orgId: org.id, name: `Zoë ${t} Crm`, emails: [`zoe.${t}@client.test`] },
        { orgId: org.id, name: `Zed ${t} Known`, emails: [`zed.${t}@client.test`] },
        { orgId: other.id, name: `Zorro ${t} Foreign`, emails: [`zorro.${t}@foreign.test`] },
      ]);
    await addMail([{ from: { name: '', address: `zed.${t}@client.test` }, to: [me] }]);
    const found = await suggestRecipients(db(), { actor: asActor(owner), q: t, mailboxId: mailbox.id });
    expect(found).toEqual([
      { name: `Zed ${t} Known`, address: `zed.${t}@client.test`, source: 'mail' },
      { name: `Zoë ${t} Crm`, address: `zoe.${t}@client.test`, source: 'crm' },
    ]);
  });

  it('reads only mailboxes the user may read: owner and grantees yes, a revoked grantee, an admin without a grant and another org no', async () => {
    const { org, owner, mailbox, me, addMail } = await world();
    const t = tag();
    const secret = { name: `Secret ${t}`, address: `secret.${t}@example.test` };
    await addMail([{ from: me, to: [secret], folder: 'Sent' }]);
    const reader = await createTestUser(db(), { orgId: org.id });
    await db().insert(mailboxAccess).values({ orgId: org.id, mailboxId: mailbox.id, userId: reader.id, level: 'read' });
    const colleague = await createTestUser(db(), { orgId: org.id });
    const admin = await createTestUser(db(), { orgId: org.id, role: 'admin' });
    const outsiderOrg = await createTestOrg(db());
    const outsider = await createTestUser(db(), { orgId: outsiderOrg.id });
    // The outsider's own mailbox, to show the org is part of the query too.
    await createTestMailbox(db(), { orgId: outsiderOrg.id, ownerUserId: outsider.id });

    for (const [who, actor] of [
      ['owner', asActor(owner)],
      ['reader', asActor(reader)],
    ] as const) {
      expect(addresses(await suggestRecipients(db(), { actor, q: 'secret', mailboxId: mailbox.id })), who).toEqual([
        secret.address,
      ]);
      expect(addresses(await suggestRecipients(db(), { actor, q: 'secret' })), who).toEqual([secret.address]);
    }
    for (const [who, actor] of [
      ['colleague', asActor(colleague)],
      ['admin without grant', asActor(admin, 'admin')],
      ['outsider', asActor(outsider)],
    ] as const) {
      await expect(suggestRecipients(db(), { actor, q: 'secret', mailboxId: mailbox.id }), who).rejects.toMatchObject({
        code: expect.stringMatching(/^(not_found|forbidden)$/),
      });
      expect(await suggestRecipients(db(), { actor, q: 'secret' }), who).toEqual([]);
    }
    await db().delete(mailboxAccess).where(sql`${mailboxAccess.userId} = ${reader.id}`);
    expect(await suggestRecipients(db(), { actor: asActor(reader), q: 'secret' })).toEqual([]);
  });

  it('gives at most eight, and refuses a search that is too long', async () => {
    const { owner, mailbox, me, addMail } = await world();
    const t = tag();
    await addMail(
      Array.from({ length: 12 }, (_, i) => ({
        from: me,
        to: [{ name: `Many ${t} ${i}`, address: `many${i}.${t}@example.test` }],
        folder: 'Sent' as const,
      })),
    );
    expect(await suggestRecipients(db(), { actor: asActor(owner), q: 'many', mailboxId: mailbox.id })).toHaveLength(8);
    await expect(
      suggestRecipients(db(), { actor: asActor(owner), q: 'x'.repeat(201), mailboxId: mailbox.id }),
    ).rejects.toMatchObject({ code: 'validation' });
  });
});
