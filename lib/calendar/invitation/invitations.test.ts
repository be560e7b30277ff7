import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { calendarEvents, messageLinks, messages } from '@/db/schema';
import { createTestUser } from '@/test/factories';
import { invitationFixture, type InvitationFixture } from '@/test/invitation-fixtures';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { grantMailboxAccess } from '../../mail/mailboxes/grant-mailbox-access';
import { inProcessParser } from '../../mail/parse/parse-input';
import { syncMailbox } from '../../mail/sync/sync-mailbox';
import { getMessage } from '../../mail/webmail/get-message';
import { applyInvitation } from './apply-invitation';
import { loadInvitation } from './load-invitation';
import { replyToInvitation } from './reply-to-invitation';

const servers = useMailServers();

/** A mailbox on the real Dovecot, with the given fixtures delivered and imported by a real sync. */
async function mailboxWith(fixtures: InvitationFixture[]) {
  const box = await connectedMailbox(servers.dovecot, servers.smtp);
  const actor: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
  const client = await box.otherClient();
  for (const name of fixtures) await client.append('INBOX', invitationFixture(name, box.email));
  await client.logout();
  await syncMailbox(getDb(), { mailboxId: box.mailbox.id, parser: inProcessParser });
  const rows = await getDb()
    .select({ id: messages.id, subject: messages.subject })
    .from(messages)
    .where(eq(messages.mailboxId, box.mailbox.id));
  const idOf = (prefix: string) => rows.find((r) => r.subject.startsWith(prefix))!.id;
  return { box, actor, idOf };
}

const eventsOf = (userId: string) =>
  getDb().select().from(calendarEvents).where(eq(calendarEvents.creatorUserId, userId));

// Each test imports real mail through Dovecot and fetches the calendar part again per step: slow on a busy machine.
describe('invitations', { timeout: 120_000 }, () => {
  it('shows a Google invitation as a card, not as two files, and adds it with its real time and people', async () => {
    const { box, actor, idOf } = await mailboxWith(['google-request']);
    const messageId = idOf('Invitation:');
    const view = await getMessage(getDb(), { actor, messageId });
    expect(view.hasInvitation).toBe(true);
    // The unnamed text/calendar alternative is the invitation; invite.ics stays one download.
    expect(view.attachments.map((a) => a.filename)).toEqual(['invite.ics']);

    const card = await loadInvitation(getDb(), { actor, messageId });
    expect(card).toMatchObject({
      state: 'new',
      canRespond: true,
      reader: { address: box.email, listed: true },
      invitation: {
        title: 'Quarterly planning',
        startsAt: '2031-03-18T09:00:00.000Z',
        location: 'Room Everest, 4th floor',
      },
    });

    const added = await applyInvitation(getDb(), { actor, messageId });
    expect(added.state).toBe('added');
    const [event] = await eventsOf(box.user.id);
    expect(event).toMatchObject({
      title: 'Quarterly planning',
      startsAt: new Date('2031-03-18T09:00:00Z'),
      endsAt: new Date('2031-03-18T10:30:00Z'),
      location: 'Room Everest, 4th floor',
      icalUid: '7kq2v0c1g8mf3p5h9t4r6d2s1a@google.test',
      icalSequence: 0,
      organizer: { name: 'Alice Martin', address: 'alice.martin@calendar-corp.test' },
      sourceMessageId: messageId,
    });
    expect(event!.attendees.map((a) => a.address)).toEqual([
      'alice.martin@calendar-corp.test',
      'bob.okafor@calendar-corp.test',
      box.email,
    ]);
    const links = await getDb()
      .select()
      .from(messageLinks)
      .where(and(eq(messageLinks.messageId, messageId), eq(messageLinks.kind, 'calendar')));
    expect(links.map((l) => l.targetId)).toEqual([event!.id]);
    // Adding twice changes nothing.
    await applyInvitation(getDb(), { actor, messageId });
    expect(await eventsOf(box.user.id)).toHaveLength(1);
  });

  it('a burst of "Add to calendar" clicks adds the invitation once', async () => {
    const { box, actor, idOf } = await mailboxWith(['google-request']);
    const messageId = idOf('Invitation:');
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => applyInvitation(getDb(), { actor, messageId })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await eventsOf(box.user.id)).toHaveLength(1);
    const links = await getDb()
      .select()
      .from(messageLinks)
      .where(and(eq(messageLinks.messageId, messageId), eq(messageLinks.kind, 'calendar')));
    expect(links).toHaveLength(1);
  });

  it('applies an update and a CANCEL; an older copy never overwrites a newer one', async () => {
    const { box, actor, idOf } = await mailboxWith(['google-request', 'google-update', 'google-cancel']);
    const [request, update, cancel] = [idOf('Invitation:'), idOf('Updated invitation:'), idOf('Cancelled event:')];

    // The update is opened first: it is added as it stands (SEQUENCE 1).
    expect((await applyInvitation(getDb(), { actor, messageId: update })).state).toBe('added');
    // The original (SEQUENCE 0) is now outdated and changes nothing.
    expect((await loadInvitation(getDb(), { actor, messageId: request })).state).toBe('outdated');
    await applyInvitation(getDb(), { actor, messageId: request });
    let [event] = await eventsOf(box.user.id);
    expect(event).toMatchObject({ icalSequence: 1, location: 'Room Kilimanjaro, 2nd floor' });
    expect(event!.startsAt).toEqual(new Date('2031-03-19T13:00:00Z'));

    expect((await loadInvitation(getDb(), { actor, messageId: cancel })).state).toBe('cancel');
    expect((await applyInvitation(getDb(), { actor, messageId: cancel })).state).toBe('cancelled');
    [event] = await eventsOf(box.user.id);
    expect(event!.cancelledAt).not.toBeNull();
    expect(event!.icalSequence).toBe(2);
    // The old update cannot bring the cancelled event back.
    expect((await loadInvitation(getDb(), { actor, messageId: update })).state).toBe('outdated');
  });

  it('an updated invitation opened after the original offers the update, and the update moves the event', async () => {
    const { box, actor, idOf } = await mailboxWith(['google-request', 'google-update']);
    await applyInvitation(getDb(), { actor, messageId: idOf('Invitation:') });
    const update = idOf('Updated invitation:');
    expect((await loadInvitation(getDb(), { actor, messageId: update })).state).toBe('update');
    expect((await applyInvitation(getDb(), { actor, messageId: update })).state).toBe('added');
    const [event] = await eventsOf(box.user.id);
    expect(event!.startsAt).toEqual(new Date('2031-03-19T13:00:00Z'));
  });

  it('Accept sends an iMIP REPLY to the organizer from the mailbox and records the answer', async () => {
    const { box, actor, idOf } = await mailboxWith(['outlook-request']);
    const messageId = idOf('Revue projet Atlas');
    const card = await loadInvitation(getDb(), { actor, messageId });
    expect(card.invitation.startsAt).toBe('2031-07-01T13:30:00.000Z');

    const answered = await replyToInvitation(getDb(), { actor, messageId, answer: 'ACCEPTED' });
    expect(answered.event?.responseStatus).toBe('ACCEPTED');
    const captured = await servers.smtp.waitForMessage((m) => m.envelope.to.includes('chloe.durand@outlook-corp.test'));
    expect(captured.envelope.from).toBe(box.email);
    const mail = await simpleParser(captured.raw);
    expect(mail.subject).toBe('Accepted: Revue projet Atlas');
    const raw = captured.raw.toString('utf8');
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REPLY/i);
    const calendarPart = mail.attachments.find((a) => a.contentType === 'text/calendar');
    const ics = calendarPart ? calendarPart.content.toString('utf8') : raw;
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('METHOD:REPLY');
    expect(unfolded).toContain('UID:040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5D7010000000000000000');
    expect(unfolded).toMatch(/SEQUENCE:0/);
    expect(unfolded).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    expect(unfolded).toMatch(new RegExp(`ATTENDEE;[^\\r\\n]*PARTSTAT=ACCEPTED[^\\r\\n]*:mailto:${box.email}`, 'i'));
    const [event] = await eventsOf(box.user.id);
    expect(event).toMatchObject({ responseStatus: 'ACCEPTED', title: 'Revue projet Atlas' });
  });

  it('words the reply in the replying user’s language', async () => {
    const { actor, idOf } = await mailboxWith(['outlook-request']);
    const before = servers.smtp.messages.length;
    await replyToInvitation(getDb(), {
      actor,
      messageId: idOf('Revue projet Atlas'),
      answer: 'TENTATIVE',
      locale: 'fr',
    });
    const captured = await servers.smtp.waitForMessage(
      (m) => servers.smtp.messages.indexOf(m) >= before && m.envelope.to.includes('chloe.durand@outlook-corp.test'),
    );
    const mail = await simpleParser(captured.raw);
    expect(mail.subject).toBe('Accepté provisoirement : Revue projet Atlas');
    expect(mail.text).toContain('a accepté provisoirement l’invitation « Revue projet Atlas »');
  });

  it('a read-only grantee sees the card but cannot answer; a stranger cannot see it', async () => {
    const { box, actor, idOf } = await mailboxWith(['google-request']);
    const messageId = idOf('Invitation:');
    const reader = await createTestUser(getDb(), { orgId: box.org.id });
    await grantMailboxAccess(getDb(), { actor, mailboxId: box.mailbox.id, userId: reader.id, level: 'read' });
    const asReader: Actor = { kind: 'user', userId: reader.id, orgId: box.org.id, role: 'employee' };
    expect((await loadInvitation(getDb(), { actor: asReader, messageId })).canRespond).toBe(false);
    await expect(replyToInvitation(getDb(), { actor: asReader, messageId, answer: 'ACCEPTED' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const stranger = await createTestUser(getDb(), { orgId: box.org.id });
    const asStranger: Actor = { kind: 'user', userId: stranger.id, orgId: box.org.id, role: 'employee' };
    await expect(loadInvitation(getDb(), { actor: asStranger, messageId })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
