import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { auditLog, mailFolders, mailboxes } from '@/db/schema';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../../access/actor';
import { grantMailboxAccess } from './grant-mailbox-access';
import { OWNER_DEPARTED_REASON } from './owner-departure';
import { setMailboxEnabled } from './set-mailbox-enabled';
import { setMailboxFolders } from './set-mailbox-folders';
import { updateMailboxProfile } from './update-mailbox-profile';

const asUser = (user: { id: string; orgId: string; role: 'admin' | 'employee' }): Actor => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

describe('mailbox settings', () => {
  afterAll(closeDb);

  it('keeps the signature editor’s formatting and links, drops dangerous links, and stores an emptied editor as no signature', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'standard' });
    const owner = await createTestUser(db, { orgId: org.id });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
    const save = (signatureHtml: string) =>
      updateMailboxProfile(db, {
        actor: asUser(owner),
        mailboxId: mailbox.id,
        profile: { displayName: '', senderName: '', signatureHtml, sendingRoute: 'own' },
      });
    const saved = await save(
      '<p>Jane <strong>Doe</strong><br><em>ACME</em> · <a href="https://acme.test">acme.test</a> <a href="javascript:alert(1)">x</a></p><ul><li>one</li></ul>',
    );
    expect(saved.signatureHtml).toMatch(/<strong>Doe<\/strong>/);
    expect(saved.signatureHtml).toMatch(/<em>ACME<\/em>/);
    expect(saved.signatureHtml).toContain('href="https://acme.test"');
    expect(saved.signatureHtml).toContain('<li>one</li>');
    expect(saved.signatureHtml).not.toMatch(/javascript/i);
    // Nothing is added to it: no "--" separator of the app's own.
    expect(saved.signatureHtml).not.toContain('--');
    expect((await save('<p></p>')).signatureHtml).toBeNull();
    expect((await save('<p>-- <br>Jane</p>')).signatureHtml).toContain('-- <br>Jane');
  });

  it('the owner, a manage grantee and an admin edit the profile; the signature is sanitized; a read grantee and outsiders cannot', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'standard' });
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const owner = await createTestUser(db, { orgId: org.id });
    const manager = await createTestUser(db, { orgId: org.id });
    const reader = await createTestUser(db, { orgId: org.id });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
    await grantMailboxAccess(db, { actor: asUser(owner), mailboxId: mailbox.id, userId: manager.id, level: 'manage' });
    await grantMailboxAccess(db, { actor: asUser(owner), mailboxId: mailbox.id, userId: reader.id, level: 'read' });
    const profile = {
      displayName: 'Sales',
      senderName: 'ACME Sales',
      signatureHtml: '<p>Regards<script>alert(1)</script><img src=x onerror=alert(2)></p>',
      sendingRoute: 'own' as const,
    };

    const saved = await updateMailboxProfile(db, { actor: asUser(manager), mailboxId: mailbox.id, profile });
    expect(saved).toMatchObject({ displayName: 'Sales', senderName: 'ACME Sales', sendingRoute: 'own' });
    expect(saved.signatureHtml).toContain('Regards');
    expect(saved.signatureHtml).not.toMatch(/script|onerror/);
    await updateMailboxProfile(db, {
      actor: asUser(admin),
      mailboxId: mailbox.id,
      profile: { ...profile, senderName: '', sendingRoute: 'relay' },
    });
    expect((await db.select().from(mailboxes).where(eq(mailboxes.id, mailbox.id)))[0]).toMatchObject({
      senderName: null,
      sendingRoute: 'relay',
    });

    await expect(
      updateMailboxProfile(db, { actor: asUser(reader), mailboxId: mailbox.id, profile }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const other = await createTestOrg(db);
    const outsider = await createTestUser(db, { orgId: other.id, role: 'admin' });
    await expect(
      updateMailboxProfile(db, { actor: asUser(outsider), mailboxId: mailbox.id, profile }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      updateMailboxProfile(db, {
        actor: asUser(owner),
        mailboxId: mailbox.id,
        profile: { ...profile, senderName: 'x'.repeat(201) },
      }),
    ).rejects.toMatchObject({ code: 'validation' });
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'mailbox.updated'));
    expect(audit.filter((e) => e.targetId === mailbox.id).map((e) => e.data.changed)).toEqual([
      ['displayName', 'senderName', 'signatureHtml'],
      ['senderName', 'sendingRoute'],
    ]);
  });

  it('chooses the folders to sync, always keeping the inbox, and refuses folders of another mailbox', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const owner = await createTestUser(db, { orgId: org.id });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
    const elsewhere = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
    await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 1 });
    await createTestMessages(db, { orgId: org.id, mailboxId: elsewhere.id, count: 1 });
    const [archive] = await db
      .insert(mailFolders)
      .values({ orgId: org.id, mailboxId: mailbox.id, path: 'Archive', name: 'Archive' })
      .returning();
    const [foreign] = await db.select().from(mailFolders).where(eq(mailFolders.mailboxId, elsewhere.id));

    await setMailboxFolders(db, { actor: asUser(owner), mailboxId: mailbox.id, folderIds: [] });
    const state = async () =>
      Object.fromEntries(
        (await db.select().from(mailFolders).where(eq(mailFolders.mailboxId, mailbox.id))).map((f) => [
          f.path,
          f.syncEnabled,
        ]),
      );
    expect(await state()).toEqual({ INBOX: true, Archive: false });
    await setMailboxFolders(db, { actor: asUser(owner), mailboxId: mailbox.id, folderIds: [archive!.id] });
    expect(await state()).toEqual({ INBOX: true, Archive: true });
    await expect(
      setMailboxFolders(db, { actor: asUser(owner), mailboxId: mailbox.id, folderIds: [foreign!.id] }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('disables and enables within the plan limit; a departed owner’s mailbox needs a new owner', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'basic' });
    const owner = await createTestUser(db, { orgId: org.id });
    const first = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
    const off = await setMailboxEnabled(db, { actor: asUser(owner), mailboxId: first.id, enabled: false });
    expect(off).toMatchObject({ status: 'disabled', disabledReason: 'admin' });
    const second = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
    await expect(
      setMailboxEnabled(db, { actor: asUser(owner), mailboxId: first.id, enabled: true }),
    ).rejects.toMatchObject({ code: 'limit_exceeded' });
    await setMailboxEnabled(db, { actor: asUser(owner), mailboxId: second.id, enabled: false });
    expect(await setMailboxEnabled(db, { actor: asUser(owner), mailboxId: first.id, enabled: true })).toMatchObject({
      status: 'active',
      disabledReason: null,
    });

    const departed = await createTestMailbox(db, {
      orgId: org.id,
      ownerUserId: owner.id,
      status: 'disabled',
      disabledReason: OWNER_DEPARTED_REASON,
    });
    await expect(
      setMailboxEnabled(db, { actor: asUser(owner), mailboxId: departed.id, enabled: true }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});
