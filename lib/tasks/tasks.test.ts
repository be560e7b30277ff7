import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { attachments, mailboxAccess, mailboxes, messageBodies, messages } from '@/db/schema';
import {
  createTestMailbox,
  createTestMessages,
  createTestOrg,
  createTestUser,
  linkTestMessage,
} from '@/test/factories';
import type { Actor } from '../access/actor';
import { linkMessage, lockMessageForLink } from '../work/message-links';
import { createTask } from './create-task';
import { deleteTask, previewTaskDeletion } from './delete-task';
import { findTasks } from './find-tasks';
import { getTask } from './get-task';
import { linkMessagesToTask } from './link-messages-to-task';
import { unlinkMessageFromTask } from './unlink-message-from-task';
import { updateTask } from './update-task';

type UserActor = Extract<Actor, { kind: 'user' }>;
const actorOf = (u: { id: string; orgId: string; role: 'admin' | 'employee' }): UserActor => ({
  kind: 'user',
  userId: u.id,
  orgId: u.orgId,
  role: u.role,
});

let owner: UserActor;
let colleague: UserActor;
let reader: UserActor;
let admin: UserActor;
let stranger: UserActor;
let mailboxId: string;
let ids: number[];

const linkKinds = async (id: number) =>
  (await getDb().select({ kinds: messages.linkKinds }).from(messages).where(eq(messages.id, id)))[0]?.kinds;
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? 'unknown',
  );

beforeAll(async () => {
  const db = getDb();
  const [org, otherOrg] = await Promise.all([createTestOrg(db), createTestOrg(db)]);
  const users = await Promise.all([
    createTestUser(db, { orgId: org.id, name: 'Olga Owner' }),
    createTestUser(db, { orgId: org.id, name: 'Carl Colleague' }),
    createTestUser(db, { orgId: org.id, name: 'Rita Reader' }),
    createTestUser(db, { orgId: org.id, role: 'admin' }),
    createTestUser(db, { orgId: otherOrg.id, role: 'admin' }),
  ]);
  [owner, colleague, reader, admin, stranger] = users.map(actorOf) as [
    UserActor,
    UserActor,
    UserActor,
    UserActor,
    UserActor,
  ];
  // No mail server behind this mailbox (its IMAP address has nothing listening): nothing here may need one.
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: owner.userId });
  mailboxId = mailbox.id;
  await db.insert(mailboxAccess).values({ orgId: org.id, mailboxId, userId: reader.userId, level: 'read' });
  ids = await createTestMessages(db, { orgId: org.id, mailboxId, count: 13 });
  await db
    .insert(messageBodies)
    .values(ids.map((messageId) => ({ messageId, orgId: org.id, textBody: 'Please send the quote by Friday.' })));
  await db.insert(attachments).values(
    ids.map((messageId) => ({
      messageId,
      orgId: org.id,
      filename: 'quote.pdf',
      contentType: 'application/pdf',
      size: 10,
    })),
  );
});
afterAll(closeDb);

describe('tasks made from e-mail', () => {
  it('creates a task from a message: linked, link_kinds set, referred to in the description, listed with its count', async () => {
    const { id } = await createTask(getDb(), {
      actor: owner,
      input: { title: 'Answer the client', description: 'Call first.', messageIds: [ids[0]!] },
    });
    expect(await linkKinds(ids[0]!)).toEqual(['task']);
    const task = await getTask(getDb(), { actor: owner, taskId: id });
    expect(task.description).toMatch(
      /^Call first\.\n\nFrom e-mail: Test message 0 — sender@example\.test, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/,
    );
    expect(task.responsible?.id).toBe(owner.userId);
    // The reference line is stored text, written in the language of whoever made the task.
    const french = await createTask(getDb(), {
      actor: owner,
      input: { title: 'Répondre', messageIds: [ids[0]!] },
      locale: 'fr',
    });
    expect((await getTask(getDb(), { actor: owner, taskId: french.id })).description).toMatch(
      /^D’après l’e-mail : Test message 0 — sender@example\.test, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/,
    );
    expect(task.messages).toEqual([
      expect.objectContaining({
        id: ids[0],
        mailboxId,
        canOpen: true,
        href: expect.stringMatching(/^\/mail\?folder=\d+&m=\d+$/),
      }),
    ]);
    const page = await findTasks(getDb(), { actor: owner, filters: { q: 'the client' } });
    expect(page.items.map((t) => [t.id, t.linkedMessages, t.responsible?.name])).toEqual([[id, 1, 'Olga Owner']]);
  });

  it('refuses a message the actor cannot read, and leaves no task and no link behind', async () => {
    for (const actor of [colleague, stranger]) {
      expect(await codeOf(createTask(getDb(), { actor, input: { title: 'Sneaky', messageIds: [ids[1]!] } }))).toBe(
        'not_found',
      );
    }
    // An admin manages the mailbox, so knows it exists, and is told that managing is not reading (SPEC §1).
    expect(await codeOf(createTask(getDb(), { actor: admin, input: { title: 'Sneaky', messageIds: [ids[1]!] } }))).toBe(
      'forbidden',
    );
    expect((await findTasks(getDb(), { actor: admin, filters: { q: 'Sneaky' } })).items).toEqual([]);
    expect(await linkKinds(ids[1]!)).toEqual([]);
  });

  it('validates title and responsible', async () => {
    expect(await codeOf(createTask(getDb(), { actor: owner, input: { title: '  ' } }))).toBe('validation');
    expect(await codeOf(createTask(getDb(), { actor: owner, input: { title: 'x'.repeat(201) } }))).toBe('validation');
    expect(
      await codeOf(
        createTask(getDb(), { actor: owner, input: { title: 'Handed abroad', responsibleUserId: stranger.userId } }),
      ),
    ).toBe('validation');
  });
});

describe('who sees and changes a task', () => {
  it('shows a task to its creator, its responsible and admins; everyone else gets not_found', async () => {
    const { id } = await createTask(getDb(), { actor: owner, input: { title: 'Private plan', messageIds: [ids[2]!] } });
    expect(await codeOf(getTask(getDb(), { actor: colleague, taskId: id }))).toBe('not_found');
    expect(await codeOf(getTask(getDb(), { actor: stranger, taskId: id }))).toBe('not_found');
    expect(await codeOf(updateTask(getDb(), { actor: colleague, taskId: id, input: { title: 'Mine now' } }))).toBe(
      'not_found',
    );
    expect(await codeOf(deleteTask(getDb(), { actor: stranger, taskId: id }))).toBe('not_found');
    expect(await codeOf(getTask(getDb(), { actor: owner, taskId: 'not-a-uuid' }))).toBe('not_found');
    expect((await findTasks(getDb(), { actor: colleague })).items.map((t) => t.id)).not.toContain(id);

    // An admin sees the task, but opens the e-mail only with access to its mailbox (SPEC §1).
    const seenByAdmin = await getTask(getDb(), { actor: admin, taskId: id });
    expect(seenByAdmin.messages).toEqual([expect.objectContaining({ id: ids[2], canOpen: false, href: null })]);
    expect((await findTasks(getDb(), { actor: admin })).items.map((t) => t.id)).toContain(id);
  });

  it('lets the responsible edit but not delete; the creator deletes', async () => {
    const { id } = await createTask(getDb(), {
      actor: owner,
      input: { title: 'Hand over', deadline: '2026-12-01T09:00:00+01:00' },
    });
    const view = await updateTask(getDb(), {
      actor: owner,
      taskId: id,
      input: { responsibleUserId: colleague.userId },
    });
    expect(view.responsible).toEqual({ id: colleague.userId, name: 'Carl Colleague' });
    expect(view.deadline).toBe('2026-12-01T08:00:00.000Z');

    const updated = await updateTask(getDb(), {
      actor: colleague,
      taskId: id,
      input: { status: 'in_progress', deadline: null },
    });
    expect([updated.status, updated.deadline, updated.canEdit, updated.canDelete]).toEqual([
      'in_progress',
      null,
      true,
      false,
    ]);
    expect(await codeOf(deleteTask(getDb(), { actor: colleague, taskId: id }))).toBe('forbidden');
    expect(await codeOf(previewTaskDeletion(getDb(), { actor: colleague, taskId: id }))).toBe('forbidden');

    // Handing it back, the colleague loses sight of it; the change still went through.
    const handedBack = await updateTask(getDb(), {
      actor: colleague,
      taskId: id,
      input: { responsibleUserId: owner.userId },
    });
    expect(handedBack.canEdit).toBe(false);
    expect(await codeOf(getTask(getDb(), { actor: colleague, taskId: id }))).toBe('not_found');
    expect(await deleteTask(getDb(), { actor: owner, taskId: id })).toEqual({ deletedMessages: 0 });
  });

  it('filters the list by status, "mine" and title, newest first', async () => {
    const a = await createTask(getDb(), { actor: reader, input: { title: 'Filter alpha' } });
    const b = await createTask(getDb(), {
      actor: reader,
      input: { title: 'Filter beta', responsibleUserId: colleague.userId },
    });
    await updateTask(getDb(), { actor: reader, taskId: a.id, input: { status: 'done' } });
    const titles = async (filters: Parameters<typeof findTasks>[1]['filters']) =>
      (await findTasks(getDb(), { actor: reader, filters })).items.map((t) => t.title);
    expect(await titles({ q: 'filter' })).toEqual(['Filter beta', 'Filter alpha']);
    expect(await titles({ q: 'filter', status: 'done' })).toEqual(['Filter alpha']);
    expect(await titles({ q: 'filter', mine: 'true' })).toEqual(['Filter alpha']);
    expect((await findTasks(getDb(), { actor: colleague, filters: { mine: '1' } })).items.map((t) => t.id)).toEqual([
      b.id,
    ]);
    expect(await titles({ q: '%' })).toEqual([]);
  });
});

describe('linking e-mails to an existing task', () => {
  it('links once however often it is asked, refers to each new e-mail once, and unlinks', async () => {
    const { id } = await createTask(getDb(), { actor: owner, input: { title: 'Collect the quotes' } });
    await linkMessagesToTask(getDb(), { actor: owner, taskId: id, messageIds: [ids[3]!, ids[3]!] });
    await linkMessagesToTask(getDb(), { actor: owner, taskId: id, messageIds: [ids[3]!, ids[4]!] });
    const task = await getTask(getDb(), { actor: owner, taskId: id });
    expect(task.messages.map((m) => m.id).sort()).toEqual([ids[3], ids[4]].sort());
    expect(task.description.match(/From e-mail: Test message 3 /g)).toHaveLength(1);
    expect(task.description.match(/From e-mail: Test message 4 /g)).toHaveLength(1);

    await unlinkMessageFromTask(getDb(), { actor: owner, taskId: id, messageId: ids[3]! });
    expect(await linkKinds(ids[3]!)).toEqual([]);
    expect(await codeOf(unlinkMessageFromTask(getDb(), { actor: owner, taskId: id, messageId: ids[3]! }))).toBe(
      'not_found',
    );
    expect(
      (await findTasks(getDb(), { actor: owner, filters: { q: 'Collect the quotes' } })).items[0]?.linkedMessages,
    ).toBe(1);
  });

  it('needs a task the actor may edit and e-mails the actor may read', async () => {
    const { id } = await createTask(getDb(), { actor: owner, input: { title: 'Guarded' } });
    expect(await codeOf(linkMessagesToTask(getDb(), { actor: colleague, taskId: id, messageIds: [ids[5]!] }))).toBe(
      'not_found',
    );
    // The admin may edit the task but not read the owner's mailbox.
    expect(await codeOf(linkMessagesToTask(getDb(), { actor: admin, taskId: id, messageIds: [ids[5]!] }))).toBe(
      'forbidden',
    );
    expect(await codeOf(linkMessagesToTask(getDb(), { actor: owner, taskId: id, messageIds: [] }))).toBe('validation');
    expect(await linkKinds(ids[5]!)).toEqual([]);
  });
});

describe('deleting a task', () => {
  it('deletes only the e-mails linked to nothing else, with their bodies and attachments; the preview agrees', async () => {
    const db = getDb();
    const [only, hiddenOnly, alsoOtherTask, alsoCrm, alsoChat] = [ids[6]!, ids[7]!, ids[8]!, ids[9]!, ids[10]!];
    const { id } = await createTask(db, {
      actor: owner,
      input: { title: 'Doomed', messageIds: [only, hiddenOnly, alsoOtherTask, alsoCrm, alsoChat] },
    });
    await createTask(db, { actor: owner, input: { title: 'Survivor', messageIds: [alsoOtherTask] } });
    await linkTestMessage(db, { orgId: owner.orgId, messageId: alsoCrm, kind: 'crm' });
    await linkTestMessage(db, { orgId: owner.orgId, messageId: alsoChat, kind: 'chat' });
    // A local copy the webmail no longer shows is still a copy in Mailroom: it goes too.
    await db.update(messages).set({ hiddenFromWebmail: true }).where(eq(messages.id, hiddenOnly));
    const [mailboxBefore] = await db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));

    expect(await previewTaskDeletion(db, { actor: owner, taskId: id })).toEqual({ messages: 2 });
    expect(await deleteTask(db, { actor: owner, taskId: id })).toEqual({ deletedMessages: 2 });

    const left = await db
      .select({ id: messages.id, kinds: messages.linkKinds })
      .from(messages)
      .where(inArray(messages.id, [only, hiddenOnly, alsoOtherTask, alsoCrm, alsoChat]));
    expect(new Map(left.map((m) => [m.id, m.kinds]))).toEqual(
      new Map([
        [alsoOtherTask, ['task']],
        [alsoCrm, ['crm']],
        [alsoChat, ['chat']],
      ]),
    );
    expect(
      await db
        .select()
        .from(messageBodies)
        .where(inArray(messageBodies.messageId, [only, hiddenOnly])),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(attachments)
        .where(inArray(attachments.messageId, [only, hiddenOnly])),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(attachments)
        .where(inArray(attachments.messageId, [alsoOtherTask, alsoCrm, alsoChat])),
    ).toHaveLength(3);
    expect(await codeOf(getTask(db, { actor: owner, taskId: id }))).toBe('not_found');
    // Nothing about the mailbox changed: no sync was asked for, no server contacted.
    expect((await db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId)))[0]).toEqual(mailboxBefore);
  });

  it('lets an admin delete any task of the organization', async () => {
    const { id } = await createTask(getDb(), {
      actor: owner,
      input: { title: 'Admin cleans up', messageIds: [ids[11]!] },
    });
    expect(await previewTaskDeletion(getDb(), { actor: admin, taskId: id })).toEqual({ messages: 1 });
    expect(await deleteTask(getDb(), { actor: admin, taskId: id })).toEqual({ deletedMessages: 1 });
    expect(await getDb().select().from(messages).where(eq(messages.id, ids[11]!))).toEqual([]);
  });

  it('keeps an e-mail that other work links while the deletion waits for it', async () => {
    const db = getDb();
    const messageId = ids[12]!;
    const { id } = await createTask(db, { actor: owner, input: { title: 'Racing', messageIds: [messageId] } });
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let signalLocked = () => {};
    const locked = new Promise<void>((resolve) => (signalLocked = resolve));
    // Another module saving the e-mail to the CRM, as the deletion starts.
    const linking = db.transaction(async (tx) => {
      await lockMessageForLink(tx, messageId);
      signalLocked();
      await held;
      await linkMessage(tx, { orgId: owner.orgId, messageId, kind: 'crm', targetId: randomUUID(), userId: null });
    });
    await locked;
    const deletion = deleteTask(db, { actor: owner, taskId: id });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await linking;
    expect(await deletion).toEqual({ deletedMessages: 0 });
    expect(await linkKinds(messageId)).toEqual(['crm']);
  });
});
