import { eq, inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { attachments, mailFolders, messageBodies, messages, organizations, purgeRuns } from '@/db/schema';
import { createTestMailbox, createTestMessages, createTestOrg, createTestUser } from '@/test/factories';
import { linkMessage, lockMessageForLink } from '../work/message-links';
import { previewPurge } from './preview-purge';
import { purgeOrganization } from './purge-organization';
import { getPurgeOverview } from './get-purge-overview';
import { runPurge } from './run-purge';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-11-20T12:00:00Z');

/** An organization on basic (7 days' retention) with one message of each kind on both sides of the cutoff. */
async function seededOrg() {
  const db = getDb();
  const org = await createTestOrg(db, { plan: 'basic' });
  const user = await createTestUser(db, { orgId: org.id });
  const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: user.id });
  const kinds = [[], ['task'], ['crm'], ['task', 'crm'], ['chat']] as const;
  const make = async (ageDays: number) => {
    const ids = await createTestMessages(db, {
      orgId: org.id,
      mailboxId: mailbox.id,
      count: kinds.length,
      receivedAt: () => new Date(now.getTime() - ageDays * DAY),
      linkKinds: (i) => [...kinds[i]!],
    });
    await db.insert(messageBodies).values(ids.map((messageId) => ({ messageId, orgId: org.id, textBody: 'text' })));
    await db
      .insert(attachments)
      .values(
        ids.map((messageId) => ({ messageId, orgId: org.id, contentType: 'application/pdf', filename: 'a.pdf' })),
      );
    const [unlinked, task, crm, both, chat] = ids as [number, number, number, number, number];
    return { unlinked, task, crm, both, chat };
  };
  return { org, mailbox, old: await make(10), recent: await make(2) };
}

const rows = async (ids: number[]) =>
  new Map(
    (
      await getDb()
        .select({ id: messages.id, hidden: messages.hiddenFromWebmail })
        .from(messages)
        .where(inArray(messages.id, ids))
    ).map((m) => [m.id, m.hidden]),
  );

afterAll(closeDb);

describe('retention purge', () => {
  it('deletes unlinked old copies, hides CRM-only ones, keeps task-linked ones, and leaves recent mail alone', async () => {
    const { org, mailbox, old, recent } = await seededOrg();
    const preview = await previewPurge(getDb(), { org, now });
    expect(preview.mailboxes).toEqual([
      { mailboxId: mailbox.id, email: mailbox.email, deleted: 2, hidden: 1, keptForTasks: 2, attachmentsFreed: 2 },
    ]);

    const report = await purgeOrganization(getDb(), { org, now, batchSize: 1 });
    expect(report).toMatchObject({
      deleted: 2,
      hidden: 1,
      keptForTasks: 2,
      attachmentsFreed: 2,
      cutoff: new Date(now.getTime() - 7 * DAY).toISOString(),
    });
    const left = await rows([...Object.values(old), ...Object.values(recent)]);
    // A chat link does not keep a message: only tasks and the CRM do (SPEC §7).
    expect([left.has(old.unlinked), left.has(old.chat)]).toEqual([false, false]);
    expect([left.get(old.crm), left.get(old.task), left.get(old.both)]).toEqual([true, false, false]);
    expect(Object.values(recent).map((id) => left.get(id))).toEqual([false, false, false, false, false]);
    expect(await getDb().select().from(attachments).where(eq(attachments.messageId, old.unlinked))).toEqual([]);
    expect(await getDb().select().from(messageBodies).where(eq(messageBodies.messageId, old.unlinked))).toEqual([]);
    // The next sync never imports what was purged.
    const [folder] = await getDb().select().from(mailFolders).where(eq(mailFolders.mailboxId, mailbox.id));
    expect(folder!.importFloor?.toISOString()).toBe(report.cutoff);

    // Again right after: nothing left to do.
    expect(await purgeOrganization(getDb(), { org, now })).toMatchObject({ deleted: 0, hidden: 0, keptForTasks: 2 });
  });

  it('a task deleted after the cutoff lets its messages go at the next purge', async () => {
    const { org, old } = await seededOrg();
    await purgeOrganization(getDb(), { org, now });
    await getDb().execute(`delete from message_links where message_id = ${old.task}`);
    await getDb().update(messages).set({ linkKinds: [] }).where(eq(messages.id, old.task));
    expect(await purgeOrganization(getDb(), { org, now })).toMatchObject({ deleted: 1 });
  });

  it('on a plan without mail (free), every local copy not linked to work goes', async () => {
    const { org, recent } = await seededOrg();
    await getDb().update(organizations).set({ plan: 'free' }).where(eq(organizations.id, org.id));
    const report = await purgeOrganization(getDb(), { org: { ...org, plan: 'free' }, now });
    expect(report.cutoff).toBeNull();
    expect((await rows(Object.values(recent))).has(recent.unlinked)).toBe(false);
  });

  it('two purges at once: one does the work, the other says one is running; a dry run changes nothing', async () => {
    const { org, old } = await seededOrg();
    const dry = await runPurge(getDb(), { trigger: 'cli', orgId: org.id, now, dryRun: true });
    expect(dry).toMatchObject({
      status: 'done',
      dryRun: true,
      organizations: [{ deleted: 2, hidden: 1, keptForTasks: 2 }],
    });
    expect((await rows([old.unlinked])).has(old.unlinked)).toBe(true);

    const results = await Promise.all([
      runPurge(getDb(), { trigger: 'cron', orgId: org.id, now }),
      runPurge(getDb(), { trigger: 'cron', orgId: org.id, now }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // Either they overlapped (one refused) or one finished before the other began (which then found nothing).
    if (statuses[0] === 'already_running' || statuses[1] === 'already_running')
      expect(statuses).toEqual(['already_running', 'done']);
    const deleted = results.flatMap((r) => (r.status === 'done' ? r.organizations.map((o) => o.deleted) : []));
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(2);
    const recorded = await getDb().select().from(purgeRuns).where(eq(purgeRuns.orgId, org.id));
    expect(recorded.map((r) => r.deleted).reduce((a, b) => a + b, 0)).toBe(2);

    // Admins see the last run and what the next would do; employees may not look.
    const admin = await createTestUser(getDb(), { orgId: org.id, role: 'admin' });
    const employee = await createTestUser(getDb(), { orgId: org.id });
    const overview = await getPurgeOverview(getDb(), {
      actor: { kind: 'user', userId: admin.id, orgId: org.id, role: 'admin' },
      orgId: org.id,
      now,
    });
    expect(overview.lastRun).toMatchObject({ trigger: 'cron' });
    expect(overview.next[0]).toMatchObject({ deleted: 0, hidden: 0, keptForTasks: 2 });
    await expect(
      getPurgeOverview(getDb(), {
        actor: { kind: 'user', userId: employee.id, orgId: org.id, role: 'employee' },
        orgId: org.id,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('never deletes a message linked while the purge runs (repeated race)', async () => {
    for (let round = 0; round < 25; round += 1) {
      const { org, old } = await seededOrg();
      const link = getDb().transaction(async (tx) => {
        if (!(await lockMessageForLink(tx, old.unlinked))) return false;
        await linkMessage(tx, {
          orgId: org.id,
          messageId: old.unlinked,
          kind: 'task',
          targetId: `race-${round}`,
          userId: null,
        });
        return true;
      });
      const [linked] = await Promise.all([link, purgeOrganization(getDb(), { org, now, batchSize: 1 })]);
      // The link won (message kept, linked) or the purge won (message gone, link refused): never a link to nothing.
      const kept = (await rows([old.unlinked])).has(old.unlinked);
      expect(kept).toBe(linked);
    }
  });
});
