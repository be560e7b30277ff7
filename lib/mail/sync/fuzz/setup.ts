import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import type { Db } from '@/db/client';
import { cliActor } from '@/lib/access/actor';
import { connectMailbox } from '@/lib/mail/mailboxes/connect-mailbox';
import { startImapFaultProxy } from '@/scripts/test-servers/imap-fault-proxy';
import { createTestOrg, createTestUser } from '@/test/factories';
import type { FuzzServer, RunContext, ServerKind } from './context';
import { SPECIAL_PATHS, serverFolders } from './context';
import type { Layout } from './generator';
import { MessageFactory } from './messages';
import { Rng } from './prng';

const PASSWORD = 'fuzz-mailbox-password-1';

/**
 * A fresh organization, owner, IMAP account and Mailroom mailbox (connected through a fault proxy of its own),
 * the layout's folders and messages on the server, and a second IMAP client on the account.
 */
export async function setUpRun(options: {
  db: Db;
  server: FuzzServer;
  kind: ServerKind;
  seed: number;
  layout: Layout;
}): Promise<RunContext> {
  const { db, server } = options;
  const org = await createTestOrg(db);
  const user = await createTestUser(db, { orgId: org.id });
  const tag = `fz${options.seed}-${randomBytes(4).toString('hex')}`;
  const email = `${tag}@example.test`;
  await server.addUser(email, PASSWORD);
  const proxy = await startImapFaultProxy(server.imapPort);
  try {
    const mailbox = await connectMailbox(db, {
      ownerUserId: user.id,
      email,
      imap: { host: '127.0.0.1', port: proxy.port, security: 'none' },
      smtp: { host: '127.0.0.1', port: 25, security: 'none' },
      password: PASSWORD,
      actor: cliActor,
      // Nothing is sent: the SMTP side is never used.
      verify: async () => {},
    });
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: server.imapPort,
      secure: false,
      auth: { user: email, pass: PASSWORD },
      logger: false,
    });
    client.on('error', () => {});
    await client.connect();
    const ctx: RunContext = {
      kind: options.kind,
      seed: options.seed,
      db,
      server,
      proxy,
      email,
      password: PASSWORD,
      mailboxId: mailbox.id,
      orgId: org.id,
      actor: { kind: 'user', userId: user.id, orgId: org.id, role: 'employee' },
      client,
      messages: new MessageFactory(`${tag}.fuzz.test`),
      linked: new Map(),
      deletedOnPurpose: new Set(),
      duplicated: new Set(),
      lastSync: { commands: [], ms: 300 },
      syncErrors: [],
    };
    await seedLayout(ctx, options.layout, new Rng(options.seed ^ 0x5eed));
    return ctx;
  } catch (error) {
    await proxy.stop();
    throw error;
  }
}

async function seedLayout(ctx: RunContext, layout: Layout, rng: Rng): Promise<void> {
  // Servers without auto-created special folders (Cyrus) get them, so Trash and Junk actions have a target.
  const existing = new Set(await serverFolders(ctx.client));
  // Cyrus takes a new folder's UIDVALIDITY from the clock's second: starting on a fresh second, the layout's
  // folders share one on every run, so what a seed does with them replays the same way.
  if (ctx.kind === 'cyrus') await sleep(1_020 - (Date.now() % 1_000));
  for (const path of [...SPECIAL_PATHS, ...layout.folders.map((f) => f.path)]) {
    if (!existing.has(path) && path !== 'INBOX') await ctx.client.mailboxCreate(path);
  }
  for (const folder of layout.folders) {
    for (let i = 0; i < folder.count; i++) {
      const message = ctx.messages.create(rng);
      const flags = rng.chance(0.4) ? ['\\Seen'] : rng.chance(0.2) ? ['\\Flagged', '$Work'] : [];
      await ctx.client.append(folder.path, message.raw, flags, message.date);
    }
  }
}

export async function tearDownRun(ctx: RunContext): Promise<void> {
  await ctx.client.logout().catch(() => ctx.client.close());
  await ctx.proxy.stop();
}
