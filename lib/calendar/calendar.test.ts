import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { messageLinks, messages } from '@/db/schema';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import type { Actor } from '../access/actor';
import { createEvent } from './create-event';
import { deleteEvent } from './delete-event';
import { findEvents } from './find-events';
import { getEvent } from './get-event';
import { updateEvent } from './update-event';

type UserActor = Extract<Actor, { kind: 'user' }>;
const actorOf = (u: { id: string; orgId: string; role: 'admin' | 'employee' }): UserActor => ({
  kind: 'user',
  userId: u.id,
  orgId: u.orgId,
  role: u.role,
});

let owner: UserActor;
let attendee: UserActor;
let attendeeEmail: string;
let bystander: UserActor;
let admin: UserActor;
let stranger: UserActor;
let strangerEmail: string;
let messageId: number;
let spareMessageId: number;
let purgedMessageId: number;

const at = (iso: string) => new Date(iso).toISOString();

beforeAll(async () => {
  const db = getDb();
  const [org, otherOrg] = await Promise.all([createTestOrg(db), createTestOrg(db)]);
  const [u1, u2, u3, u4, u5] = await Promise.all([
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id }),
    createTestUser(db, { orgId: org.id, role: 'admin' }),
    createTestUser(db, { orgId: otherOrg.id }),
  ]);
  [owner, attendee, bystander, admin, stranger] = [u1, u2, u3, u4, u5].map(actorOf) as [
    UserActor,
    UserActor,
    UserActor,
    UserActor,
    UserActor,
  ];
  attendeeEmail = u2.email;
  strangerEmail = u5.email;
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.userId });
  [messageId, spareMessageId, purgedMessageId] = (await createTestMessages(db, {
    orgId: org.id,
    mailboxId: mailbox.id,
    count: 3,
  })) as [number, number, number];
});
afterAll(closeDb);

const linkKinds = async (id: number) =>
  (await getDb().select({ kinds: messages.linkKinds }).from(messages).where(eq(messages.id, id)))[0]?.kinds;

describe('calendar events', () => {
  it('made from a message, links it and shows its quote to whoever may read it', async () => {
    const { id } = await createEvent(getDb(), {
      actor: owner,
      input: {
        title: 'Kick-off',
        startsAt: '2026-10-05T09:00:00+02:00',
        endsAt: '2026-10-05T10:00:00+02:00',
        attendees: [{ name: 'Att', address: attendeeEmail.toUpperCase() }, { address: strangerEmail }],
        sourceMessageId: messageId,
      },
    });
    expect(await linkKinds(messageId)).toContain('calendar');
    const links = await getDb().select().from(messageLinks).where(eq(messageLinks.targetId, id));
    expect(links.map((l) => [l.kind, l.messageId])).toEqual([['calendar', messageId]]);

    const detail = await getEvent(getDb(), { actor: owner, eventId: id });
    expect(detail).toMatchObject({
      title: 'Kick-off',
      startsAt: at('2026-10-05T07:00:00Z'),
      canEdit: true,
      sourceMessageId: messageId,
    });
    expect(detail.attendees).toEqual([
      { name: 'Att', address: attendeeEmail },
      { name: '', address: strangerEmail },
    ]);
    expect(detail.source?.quote.subject).toBe('Test message 0');
    expect(detail.source?.href).toMatch(new RegExp(`^/mail\\?folder=\\d+&m=${messageId}$`));

    // The attendee has no access to the mailbox: they see the event's copy of the message, with no way to open it.
    const seenByAttendee = await getEvent(getDb(), { actor: attendee, eventId: id });
    expect(seenByAttendee).toMatchObject({
      canEdit: false,
      source: { quote: { subject: 'Test message 0' }, href: null },
    });
  });

  it('keeps its copy of the message after the local message is gone (retention purge, a task deleted with its mail)', async () => {
    const { id } = await createEvent(getDb(), {
      actor: owner,
      input: {
        title: 'Later',
        startsAt: '2026-09-01T09:00:00Z',
        endsAt: '2026-09-01T10:00:00Z',
        sourceMessageId: purgedMessageId,
      },
    });
    await getDb().delete(messages).where(eq(messages.id, purgedMessageId));
    expect((await getEvent(getDb(), { actor: owner, eventId: id })).source).toMatchObject({
      quote: { subject: 'Test message 2' },
      href: null,
    });
  });

  it('is refused from a message the actor cannot read', async () => {
    const input = {
      title: 'Nope',
      startsAt: '2026-10-06T09:00:00Z',
      endsAt: '2026-10-06T10:00:00Z',
      sourceMessageId: messageId,
    };
    await expect(createEvent(getDb(), { actor: bystander, input })).rejects.toMatchObject({ code: 'not_found' });
    await expect(createEvent(getDb(), { actor: stranger, input })).rejects.toMatchObject({ code: 'not_found' });
    // Admins manage mailboxes but read their mail only with a grant (lib/access/mailbox-access.ts says so).
    await expect(createEvent(getDb(), { actor: admin, input })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('is seen by its creator and attendees of the organization only', async () => {
    const { id } = await createEvent(getDb(), {
      actor: owner,
      input: {
        title: 'Review',
        startsAt: '2026-10-07T13:00:00Z',
        endsAt: '2026-10-07T14:00:00Z',
        attendees: [{ address: attendeeEmail }, { address: strangerEmail }],
      },
    });
    const range = { from: '2026-10-07T00:00:00Z', to: '2026-10-08T00:00:00Z' };
    expect((await findEvents(getDb(), { actor: owner, ...range })).map((e) => e.id)).toEqual([id]);
    expect((await findEvents(getDb(), { actor: attendee, ...range })).map((e) => e.id)).toEqual([id]);
    for (const actor of [bystander, admin, stranger]) {
      expect(await findEvents(getDb(), { actor, ...range })).toEqual([]);
      await expect(getEvent(getDb(), { actor, eventId: id })).rejects.toMatchObject({ code: 'not_found' });
      await expect(deleteEvent(getDb(), { actor, eventId: id })).rejects.toMatchObject({ code: 'not_found' });
    }
    // Overlap, not containment: an event running into the range is in it; one ending as it starts is not.
    expect(
      await findEvents(getDb(), { actor: owner, from: '2026-10-07T13:30:00Z', to: '2026-10-07T13:45:00Z' }),
    ).toHaveLength(1);
    expect(
      await findEvents(getDb(), { actor: owner, from: '2026-10-07T14:00:00Z', to: '2026-10-07T15:00:00Z' }),
    ).toHaveLength(0);
    await expect(getEvent(getDb(), { actor: owner, eventId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('is changed by its creator only, and must end after it starts', async () => {
    const input = {
      title: 'Sync',
      startsAt: '2026-10-08T09:00:00Z',
      endsAt: '2026-10-08T09:30:00Z',
      attendees: [{ address: attendeeEmail }],
    };
    await expect(
      createEvent(getDb(), { actor: owner, input: { ...input, endsAt: input.startsAt } }),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(
      createEvent(getDb(), { actor: owner, input: { ...input, attendees: [{ address: 'not an address' }] } }),
    ).rejects.toMatchObject({ code: 'validation' });
    await expect(
      createEvent(getDb(), { actor: owner, input: { ...input, title: 'x'.repeat(201) } }),
    ).rejects.toMatchObject({ code: 'validation' });
    const { id } = await createEvent(getDb(), { actor: owner, input });

    await expect(
      updateEvent(getDb(), { actor: attendee, eventId: id, input: { title: 'Mine' } }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(deleteEvent(getDb(), { actor: attendee, eventId: id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      updateEvent(getDb(), { actor: owner, eventId: id, input: { startsAt: '2026-10-08T10:00:00Z' } }),
    ).rejects.toMatchObject({ code: 'validation' });
    const updated = await updateEvent(getDb(), {
      actor: owner,
      eventId: id,
      input: { title: 'Sync (moved)', startsAt: '2026-10-08T10:00:00Z', endsAt: '2026-10-08T11:00:00Z' },
    });
    expect(updated).toMatchObject({
      title: 'Sync (moved)',
      startsAt: at('2026-10-08T10:00:00Z'),
      description: '',
      attendees: [{ name: '', address: attendeeEmail }],
    });
  });

  it('deleted, no longer links its message', async () => {
    const input = (title: string) => ({
      title,
      startsAt: '2026-10-09T09:00:00Z',
      endsAt: '2026-10-09T10:00:00Z',
      sourceMessageId: spareMessageId,
    });
    const keep = await createEvent(getDb(), { actor: owner, input: input('Keep') });
    const drop = await createEvent(getDb(), { actor: owner, input: input('Drop') });
    await deleteEvent(getDb(), { actor: owner, eventId: drop.id });
    await expect(getEvent(getDb(), { actor: owner, eventId: drop.id })).rejects.toMatchObject({ code: 'not_found' });
    // Another event still links the message; once the last one goes, so does the kind.
    expect(await linkKinds(spareMessageId)).toEqual(['calendar']);
    await deleteEvent(getDb(), { actor: owner, eventId: keep.id });
    expect(await linkKinds(spareMessageId)).toEqual([]);
    expect(await getDb().select().from(messageLinks).where(eq(messageLinks.messageId, spareMessageId))).toEqual([]);
  });
});
