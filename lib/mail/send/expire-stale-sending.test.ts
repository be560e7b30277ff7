import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import { getDb, type DbOrTx } from '@/db/client';
import { outgoingMessages } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import { createIsolatedDatabase } from '@/test/database';
import { connectedMailbox } from '@/test/mail-fixture';
import { useMailServers } from '@/test/use-mail-servers';
import type { Actor } from '../../access/actor';
import { loadCatalogue } from '../../i18n/catalogue';
import { getOutgoingUsage } from '../../plans/outgoing-quota';
import { type ProblemTranslator, storedErrorText } from '../stored-error';
import { DEFAULT_SMTP_TIMEOUTS } from './deliver-over-smtp';
import { expireStaleSending, STALE_SENDING_MS } from './expire-stale-sending';
import { sendMessage } from './send-message';

/** What a page's getTranslations('problems') gives a French reader. */
async function frenchProblems(): Promise<ProblemTranslator> {
  const t = createTranslator({ locale: 'fr', messages: await loadCatalogue('fr'), namespace: 'problems' as never });
  return Object.assign((key: string, values?: Record<string, string | number>) => t(key as never, values as never), {
    has: (key: string) => t.has(key as never),
  });
}

const servers = useMailServers();
const MINUTE = 60_000;

async function insertSending(
  db: DbOrTx,
  owner: { orgId: string; mailboxId: string; userId: string },
  options: { createdAt: Date; clientKey?: string; subject?: string },
) {
  const [row] = await db
    .insert(outgoingMessages)
    .values({
      ...owner,
      clientKey: options.clientKey ?? randomUUID(),
      status: 'sending',
      messageIdHeader: `<${randomUUID()}@example.test>`,
      subject: options.subject ?? 'Left sending',
      recipients: [{ name: '', address: 'alice@example.test' }],
      createdAt: options.createdAt,
    })
    .returning();
  return row!;
}

describe('messages left sending by a process that stopped', () => {
  it('waits longer than a live send can take', () => {
    expect(STALE_SENDING_MS).toBeGreaterThan(
      DEFAULT_SMTP_TIMEOUTS.totalMs + DEFAULT_SMTP_TIMEOUTS.connectMs + DEFAULT_SMTP_TIMEOUTS.greetingMs,
    );
  });

  it('become delivery_unknown after the bound, once even when two sweeps run at once; fresh ones are untouched', async () => {
    // A sweep acts on every organization: its own database, so rows of tests running beside it stay out of it.
    const isolated = await createIsolatedDatabase();
    try {
      const db = isolated.db;
      const org = await createTestOrg(db);
      const user = await createTestUser(db, { orgId: org.id });
      const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: user.id });
      const owner = { orgId: org.id, mailboxId: mailbox.id, userId: user.id };
      const now = new Date();
      const stale = await insertSending(db, owner, { createdAt: new Date(now.getTime() - STALE_SENDING_MS - MINUTE) });
      const fresh = await insertSending(db, owner, { createdAt: new Date(now.getTime() - STALE_SENDING_MS + MINUTE) });
      const [sent] = await db
        .update(outgoingMessages)
        .set({ status: 'sent', sentAt: now })
        .where(
          eq(
            outgoingMessages.id,
            (await insertSending(db, owner, { createdAt: new Date(now.getTime() - 60 * MINUTE) })).id,
          ),
        )
        .returning();

      const results = await Promise.all([expireStaleSending(db, { now }), expireStaleSending(db, { now })]);
      expect(results.map((r) => r.expired).sort()).toEqual([0, 1]);

      const rows = new Map(
        (
          await db
            .select()
            .from(outgoingMessages)
            .where(inArray(outgoingMessages.id, [stale.id, fresh.id, sent!.id]))
        ).map((r) => [r.id, r]),
      );
      expect(rows.get(stale.id)).toMatchObject({
        status: 'delivery_unknown',
        errorCode: 'send_interrupted',
        errorMessage: expect.stringMatching(
          /the sending process stopped.*may or may not have been delivered.*Check the Sent folder or ask the recipients before sending it again/,
        ),
        errorProblem: { key: 'send.interrupted' },
      });
      const interrupted = rows.get(stale.id)!;
      expect(storedErrorText(await frenchProblems(), interrupted.errorProblem, interrupted.errorMessage)).toMatch(
        /^L’envoi de ce message a été interrompu .*Vérifiez le dossier Messages envoyés/,
      );
      expect(rows.get(fresh.id)).toMatchObject({
        status: 'sending',
        errorCode: null,
        errorMessage: null,
        errorProblem: null,
      });
      expect(rows.get(sent!.id)).toMatchObject({ status: 'sent', errorMessage: null });

      // Idempotent: nothing left to do; a shorter bound reaches the fresh one.
      expect(await expireStaleSending(db, { now })).toEqual({ expired: 0 });
      expect(await expireStaleSending(db, { now, olderThanMs: 30_000 })).toEqual({ expired: 1 });
      await expect(expireStaleSending(db, { olderThanMs: 0 })).rejects.toMatchObject({ code: 'validation' });
    } finally {
      await isolated.drop();
    }
  });

  async function setup() {
    const box = await connectedMailbox(servers.dovecot, servers.smtp);
    const actor: Actor = { kind: 'user', userId: box.user.id, orgId: box.org.id, role: 'employee' };
    const owner = { orgId: box.org.id, mailboxId: box.mailbox.id, userId: box.user.id };
    const subject = `Subject ${randomBytes(4).toString('hex')}`;
    const input = {
      actor,
      mailboxId: box.mailbox.id,
      clientKey: randomUUID(),
      to: ['alice@example.test'],
      subject,
      html: '<p>Hello</p>',
    };
    const used = async () => (await getOutgoingUsage(getDb(), { org: box.org })).used;
    return {
      box,
      owner,
      input,
      used,
      captured: () => servers.smtp.messages.filter((m) => m.raw.toString().includes(subject)),
    };
  }

  it('a retry of the same send after the sweep answers delivery_unknown and sends nothing', async () => {
    const { owner, input, used, captured } = await setup();
    const row = await insertSending(getDb(), owner, {
      createdAt: new Date(Date.now() - STALE_SENDING_MS - MINUTE),
      clientKey: input.clientKey,
      subject: input.subject,
    });
    // The shared database, with the default bound: no live send of a test beside this one is that old.
    expect((await expireStaleSending(getDb())).expired).toBeGreaterThanOrEqual(1);

    const started = Date.now();
    expect(await sendMessage(getDb(), input)).toMatchObject({
      id: row.id,
      status: 'delivery_unknown',
      savedToSent: false,
      error: { code: 'send_interrupted', userMessage: expect.stringMatching(/may or may not have been delivered/) },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(captured()).toEqual([]);
    expect(await used()).toBe(0);
  });

  it('a retry finds a stale row before any sweep: it answers delivery_unknown at once instead of waiting, and sends nothing', async () => {
    const { owner, input, captured } = await setup();
    const row = await insertSending(getDb(), owner, {
      createdAt: new Date(Date.now() - STALE_SENDING_MS - MINUTE),
      clientKey: input.clientKey,
      subject: input.subject,
    });

    const started = Date.now();
    expect(await sendMessage(getDb(), input)).toMatchObject({
      id: row.id,
      status: 'delivery_unknown',
      error: { code: 'send_interrupted', problem: { key: 'send.interrupted' } },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const [stored] = await getDb().select().from(outgoingMessages).where(eq(outgoingMessages.id, row.id));
    expect(stored).toMatchObject({ status: 'delivery_unknown', errorCode: 'send_interrupted' });
    // And again: the same answer, still nothing sent.
    expect(await sendMessage(getDb(), input)).toMatchObject({ id: row.id, status: 'delivery_unknown' });
    expect(captured()).toEqual([]);
  });

  it('a retried send whose first attempt had failed starts a fresh attempt that no sweep takes for stale', async () => {
    const { owner, input, captured } = await setup();
    const row = await insertSending(getDb(), owner, {
      createdAt: new Date(Date.now() - 60 * MINUTE),
      clientKey: input.clientKey,
      subject: input.subject,
    });
    await getDb()
      .update(outgoingMessages)
      .set({
        status: 'failed',
        errorCode: 'mail_unreachable',
        errorMessage: 'The SMTP server could not be reached.',
        errorProblem: { key: 'mailServer.unreachable', values: { kind: 'SMTP', host: 'smtp.example.test' } },
      })
      .where(eq(outgoingMessages.id, row.id));

    expect(await sendMessage(getDb(), input)).toMatchObject({ id: row.id, status: 'sent' });
    expect(captured()).toHaveLength(1);
    const [stored] = await getDb().select().from(outgoingMessages).where(eq(outgoingMessages.id, row.id));
    // The new attempt clears the first one's error, its English and its problem together.
    expect(stored).toMatchObject({ errorCode: null, errorMessage: null, errorProblem: null });
    expect(stored!.createdAt.getTime()).toBeGreaterThan(Date.now() - MINUTE);
  });
});
