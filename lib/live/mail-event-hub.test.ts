import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { createSession, endSession, hashSessionId } from '@/lib/auth/sessions';
import type { Actor } from '@/lib/access/actor';
import { grantMailboxAccess } from '@/lib/mail/mailboxes/grant-mailbox-access';
import { revokeMailboxAccess } from '@/lib/mail/mailboxes/revoke-mailbox-access';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import type { LiveMailEvent } from './mail-event';
import { getMailEventHub, stopMailEventHub } from './mail-event-hub';

type TestUser = { id: string; orgId: string; role: 'admin' | 'employee' };
const asUser = (user: TestUser): Extract<Actor, { kind: 'user' }> => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

/** A signed-in tab subscribed to this process's hub, recording what it receives. */
async function tab(user: TestUser) {
  const { sessionId } = await createSession(getDb(), { userId: user.id, orgId: user.orgId });
  const received: LiveMailEvent[] = [];
  const unsubscribe = getMailEventHub().subscribe({
    sessionHash: hashSessionId(sessionId),
    deliver: (events) => received.push(...events),
    resync: () => {},
  });
  return { sessionId, received, unsubscribe, mailboxes: () => received.map((e) => e.mailboxId) };
}

// New mail arrives in `mailboxId` through the real path: a row insert, its trigger, NOTIFY, LISTEN, the hub.
const deliverMail = (orgId: string, mailboxId: string) => createTestMessages(getDb(), { orgId, mailboxId, count: 3 });

describe('the live mail hub', () => {
  afterAll(async () => {
    await stopMailEventHub();
    await closeDb();
  });

  it('sends each event only to tabs whose session may read the mailbox now: a revoked grantee stops at once, another organization never receives', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const owner = await createTestUser(db, { orgId: org.id });
    const grantee = await createTestUser(db, { orgId: org.id });
    const admin = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
    const otherOrg = await createTestOrg(db);
    const stranger = await createTestUser(db, { orgId: otherOrg.id });
    const strangerBox = await createTestMailbox(db, { orgId: otherOrg.id, ownerUserId: stranger.id });
    await grantMailboxAccess(db, { actor: asUser(owner), mailboxId: mailbox.id, userId: grantee.id, level: 'read' });

    const ownerTab = await tab(owner);
    const granteeTab = await tab(grantee);
    const adminTab = await tab(admin);
    const strangerTab = await tab(stranger);
    await getMailEventHub().whenListening();

    await deliverMail(org.id, mailbox.id);
    // The hub hands one burst to every tab in the same pass: once the owner has it, the others have theirs.
    await vi.waitFor(() => expect(ownerTab.received.some((e) => e.kind === 'new')).toBe(true), { timeout: 10_000 });
    expect(granteeTab.received.map((e) => e.id)).toEqual(ownerTab.received.map((e) => e.id));
    // Admins read a mailbox's mail only with a grant (SPEC §1); the other organization sees nothing.
    expect(adminTab.received).toEqual([]);
    expect(strangerTab.received).toEqual([]);

    await revokeMailboxAccess(db, { actor: asUser(owner), mailboxId: mailbox.id, userId: grantee.id });
    const before = { owner: ownerTab.received.length, grantee: granteeTab.received.length };
    await deliverMail(org.id, mailbox.id);
    await vi.waitFor(() => expect(ownerTab.received.length).toBeGreaterThan(before.owner), { timeout: 10_000 });
    expect(granteeTab.received.length).toBe(before.grantee);

    // The stranger's own mailbox still reaches the stranger, and only them.
    await deliverMail(otherOrg.id, strangerBox.id);
    await vi.waitFor(() => expect(strangerTab.mailboxes()).toContain(strangerBox.id), { timeout: 10_000 });
    expect(new Set(strangerTab.mailboxes())).toEqual(new Set([strangerBox.id]));
    expect(ownerTab.mailboxes()).not.toContain(strangerBox.id);

    // Signing out ends the session's events too, while another tab of the owner keeps them.
    const secondTab = await tab(owner);
    await endSession(db, { sessionId: ownerTab.sessionId });
    const ownerBefore = ownerTab.received.length;
    await deliverMail(org.id, mailbox.id);
    await vi.waitFor(() => expect(secondTab.received.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(ownerTab.received.length).toBe(ownerBefore);

    for (const t of [ownerTab, granteeTab, adminTab, strangerTab, secondTab]) t.unsubscribe();
  });
});
