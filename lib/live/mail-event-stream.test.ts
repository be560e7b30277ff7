import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { mailEvents } from '@/db/schema';
import type { Actor } from '@/lib/access/actor';
import { createSession } from '@/lib/auth/sessions';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import { getNewMailNotice } from './get-new-mail-notice';
import { MailEventHub } from './mail-event-hub';
import { openMailEventStream } from './open-mail-event-stream';
import { latestMailEventId } from './replay-mail-events';
import { setNotificationSubscription } from './set-notification-subscription';

type TestUser = { id: string; orgId: string; role: 'admin' | 'employee' };
const asUser = (user: TestUser): Extract<Actor, { kind: 'user' }> => ({
  kind: 'user',
  userId: user.id,
  orgId: user.orgId,
  role: user.role,
});

type Sse = { id: string | null; event: string | null; data: string | null };

/** Opens a stream as `user` resuming after `lastEventId`, reads until `enough`, and parses what came. */
async function readStream(user: TestUser, lastEventId: number | null, enough: (events: Sse[]) => boolean) {
  const { sessionId } = await createSession(getDb(), { userId: user.id, orgId: user.orgId });
  // A hub without a LISTEN connection: only the replay speaks.
  const stream = openMailEventStream(getDb(), {
    actor: asUser(user),
    sessionId,
    lastEventId,
    hub: new MailEventHub(getDb()),
  });
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const parse = () =>
    text
      .split('\n\n')
      .filter((block) => block && !block.startsWith(':') && !block.startsWith('retry:'))
      .map((block) => {
        const field = (name: string) =>
          block
            .split('\n')
            .find((line) => line.startsWith(`${name}: `))
            ?.slice(name.length + 2) ?? null;
        return { id: field('id'), event: field('event'), data: field('data') };
      });
  while (!enough(parse())) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value);
  }
  await reader.cancel();
  return parse();
}

async function team() {
  const db = getDb();
  const org = await createTestOrg(db);
  const owner = await createTestUser(db, { orgId: org.id });
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.id });
  await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 1 });
  return { db, org, owner, mailbox };
}

describe('the live mail stream', () => {
  afterAll(closeDb);

  it('starts a fresh tab at the newest event, and replays what a reconnecting tab missed, only in its mailboxes', async () => {
    const { db, org, owner, mailbox } = await team();
    const fresh = await readStream(owner, null, (events) => events.length >= 1);
    expect(fresh[0]).toMatchObject({ event: 'ready' });
    const start = Number(fresh[0]!.id);
    expect(start).toBeGreaterThan(0);

    // Meanwhile: new mail here, and in another organization's mailbox.
    const other = await team();
    await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 2 });
    await createTestMessages(db, { orgId: other.org.id, mailboxId: other.mailbox.id, count: 2 });
    const resumed = await readStream(owner, start, (events) =>
      events.some((e) => e.data && (JSON.parse(e.data) as { id: number }).id > start),
    );
    const data = resumed.map((e) => JSON.parse(e.data!) as { id: number; mailboxId: string; kind: string });
    expect(data.filter((d) => d.id > start)).toEqual([expect.objectContaining({ mailboxId: mailbox.id, kind: 'new' })]);
    expect(data.map((d) => d.mailboxId)).not.toContain(other.mailbox.id);
    // The id the browser resumes from never goes back.
    const ids = resumed.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('tells a tab to refetch when what it last saw is no longer kept', async () => {
    const { db, owner } = await team();
    const [first] = await db.select({ id: mailEvents.id }).from(mailEvents).orderBy(mailEvents.id).limit(1);
    const purged = (first?.id ?? 1) - 1;
    const events = await readStream(owner, purged > 0 ? purged : 10 ** 12, (e) => e.length >= 1);
    expect(events[0]).toMatchObject({ event: 'refetch' });
    expect(Number(events[0]!.id)).toBeGreaterThanOrEqual(await latestMailEventId(db));
  });

  it('announces new INBOX mail to a subscriber who may read the mailbox, and nobody else', async () => {
    const { db, org, owner, mailbox } = await team();
    await createTestMessages(db, { orgId: org.id, mailboxId: mailbox.id, count: 2 });
    const [event] = await db
      .select({ id: mailEvents.id })
      .from(mailEvents)
      .where(eq(mailEvents.mailboxId, mailbox.id))
      .orderBy(sql`${mailEvents.id} desc`)
      .limit(1);
    const eventId = event!.id;
    expect(await getNewMailNotice(db, { actor: asUser(owner), eventId })).toBeNull();
    await setNotificationSubscription(db, { actor: asUser(owner), mailboxId: mailbox.id, enabled: true });
    expect(await getNewMailNotice(db, { actor: asUser(owner), eventId })).toMatchObject({
      mailboxId: mailbox.id,
      subject: expect.stringMatching(/^Test message/),
      count: 2,
    });
    const outsider = await createTestUser(db, { orgId: org.id });
    await expect(getNewMailNotice(db, { actor: asUser(outsider), eventId })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      setNotificationSubscription(db, { actor: asUser(outsider), mailboxId: mailbox.id, enabled: true }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
