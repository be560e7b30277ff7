import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailFolders, mailboxes, messageLinks, messages, type MessageLinkKind } from '@/db/schema';
import { cliActor } from '@/lib/access/actor';
import { encryptSecret } from '@/lib/crypto/secret-box';
import { createOrganization } from '@/lib/orgs/create-organization';
import { createUser } from '@/lib/users/create-user';

export const TEST_PASSWORD = 'correct horse battery staple';

export function randomEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

/** An organization of its own for one test, so tests can run in parallel without cleaning up. */
export async function createTestOrg(db: DbOrTx, options: { plan?: string; name?: string } = {}) {
  return createOrganization(db, {
    name: options.name ?? `Org ${randomBytes(3).toString('hex')}`,
    plan: options.plan ?? 'trial',
    actor: cliActor,
  });
}

export async function createTestUser(
  db: DbOrTx,
  options: { orgId: string; role?: 'admin' | 'employee'; email?: string; name?: string },
) {
  const user = await createUser(db, {
    orgId: options.orgId,
    email: options.email ?? randomEmail(options.role ?? 'employee'),
    name: options.name,
    password: TEST_PASSWORD,
    role: options.role ?? 'employee',
    actor: cliActor,
  });
  return { ...user, password: TEST_PASSWORD };
}

/** A mailbox row as the connect flow leaves it (no server behind it: for plan and access tests). */
export async function createTestMailbox(
  db: DbOrTx,
  options: {
    orgId: string;
    ownerUserId: string | null;
    email?: string;
    connectedAt?: Date;
    status?: 'active' | 'disabled';
    disabledReason?: string;
  },
) {
  const id = randomUUID();
  const email = options.email ?? randomEmail('box');
  const [mailbox] = await db
    .insert(mailboxes)
    .values({
      id,
      orgId: options.orgId,
      ownerUserId: options.ownerUserId,
      email,
      provider: 'other',
      imapHost: '127.0.0.1',
      imapPort: 143,
      imapSecurity: 'none',
      imapLogin: email,
      smtpHost: '127.0.0.1',
      smtpPort: 25,
      smtpSecurity: 'none',
      smtpLogin: email,
      credentialsCiphertext: encryptSecret(
        JSON.stringify({ imapPassword: 'x', smtpPassword: 'x' }),
        `mailbox:${id}:credentials`,
      ),
      connectedAt: options.connectedAt ?? new Date(),
      status: options.status ?? 'active',
      disabledReason: options.disabledReason ?? null,
    })
    .returning();
  return mailbox!;
}

/** Local message rows in the mailbox's INBOX, newest last; `linkKinds` links each to work like the app does. */
export async function createTestMessages(
  db: DbOrTx,
  options: {
    orgId: string;
    mailboxId: string;
    count: number;
    receivedAt?: (index: number) => Date;
    linkKinds?: (index: number) => MessageLinkKind[];
  },
) {
  const [existing] = await db
    .select()
    .from(mailFolders)
    .where(and(eq(mailFolders.mailboxId, options.mailboxId), eq(mailFolders.path, 'INBOX')));
  const folder =
    existing ??
    (
      await db
        .insert(mailFolders)
        .values({
          orgId: options.orgId,
          mailboxId: options.mailboxId,
          path: 'INBOX',
          name: 'Inbox',
          specialUse: 'inbox',
          uidValidity: 1,
        })
        .returning()
    )[0]!;
  const [last] = await db
    .select({ uid: sql<number>`coalesce(max(${messages.uid}), 0)::int` })
    .from(messages)
    .where(eq(messages.folderId, folder.id));
  const rows = await db
    .insert(messages)
    .values(
      Array.from({ length: options.count }, (_, i) => ({
        orgId: options.orgId,
        mailboxId: options.mailboxId,
        folderId: folder.id,
        uid: (last?.uid ?? 0) + i + 1,
        subject: `Test message ${i}`,
        fromAddress: 'sender@example.test',
        receivedAt: options.receivedAt?.(i) ?? new Date(),
        bodyState: 'complete' as const,
      })),
    )
    .returning({ id: messages.id });
  for (const [i, row] of rows.entries()) {
    for (const kind of options.linkKinds?.(i) ?? [])
      await linkTestMessage(db, { orgId: options.orgId, messageId: row.id, kind });
  }
  return rows.map((r) => r.id);
}

/** Links a message the way the work modules do: the link row and messages.link_kinds together. */
export async function linkTestMessage(
  db: DbOrTx,
  options: { orgId: string; messageId: number; kind: MessageLinkKind; targetId?: string },
) {
  await db.transaction(async (tx) => {
    await tx.insert(messageLinks).values({
      orgId: options.orgId,
      messageId: options.messageId,
      kind: options.kind,
      targetId: options.targetId ?? randomUUID(),
    });
    await tx
      .update(messages)
      .set({
        linkKinds: sql`array(select distinct unnest(${messages.linkKinds} || array[${options.kind}]::message_link_kind[]))`,
      })
      .where(eq(messages.id, options.messageId));
  });
}
