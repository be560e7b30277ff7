import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { organizations, users, type User } from '@/db/schema';
import { assertSameOrg } from '../../access/assert-org-admin';
import type { Actor } from '../../access/actor';
import { AppError } from '../../errors';
import { throwIfMailboxLimitReached, throwIfMailUnavailable } from '../../plans/guards';
import { emailSchema, parseInput, uuidSchema } from '../../validation';
import { providerIds, providerPresets } from '../presets';
import type { OutboundOptions } from '../../net/outbound-address';
import { hostSchema, portSchema, securitySchema, type ServerSettings } from '../settings';
import {
  checkMailServerHosts,
  takeMailServerAttempt,
  verifyMailSettings,
  type MailServerCheck,
} from '../verify-mail-settings';
import { insertMailbox } from './insert-mailbox';
import type { MailboxView } from './mailbox-view';

const serverSchema = z.object({
  host: hostSchema,
  port: portSchema,
  security: securitySchema,
  login: z.string().trim().max(320).optional(),
});

export const connectMailboxSchema = z.object({
  // For a user, or (CLI only) for an organization: then its first active admin owns it, or nobody yet.
  ownerUserId: uuidSchema.optional(),
  orgId: uuidSchema.optional(),
  email: emailSchema,
  provider: z.enum(providerIds as [string, ...string[]]).default('other'),
  displayName: z.string().trim().max(200).optional(),
  // Presets fill in what the user leaves out; "other" and "exchange" need both servers.
  imap: serverSchema.partial({ host: true, port: true, security: true }).default({}),
  smtp: serverSchema.partial({ host: true, port: true, security: true }).default({}),
  password: z.string().min(1, { error: 'field.passwordRequired' }).max(1024),
  smtpPassword: z.string().max(1024).optional(),
});

function resolveServer(kind: 'imap' | 'smtp', input: z.output<typeof connectMailboxSchema>): ServerSettings {
  const preset = providerPresets[input.provider as keyof typeof providerPresets][kind];
  const given = input[kind];
  const host = given.host ?? preset?.host;
  const port = given.port ?? preset?.port;
  const security = given.security ?? preset?.security;
  if (!host || !port || !security) {
    throw new AppError('validation', {
      problem: { key: 'mailbox.serverSettingsRequired', values: { kind: kind.toUpperCase() } },
    });
  }
  return { host, port, security, login: given.login || input.email };
}

export async function resolveOwner(
  db: Db,
  input: z.output<typeof connectMailboxSchema>,
  actor: Actor,
): Promise<User | null> {
  if (input.ownerUserId && !input.orgId) {
    const [owner] = await db.select().from(users).where(eq(users.id, input.ownerUserId));
    if (!owner?.active) throw new AppError('not_found', { problem: { key: 'mailbox.noActiveUser' } });
    assertSameOrg(actor, owner.orgId);
    if (actor.kind === 'user' && actor.userId !== owner.id && actor.role !== 'admin')
      throw new AppError('forbidden', { problem: { key: 'mailbox.connectOwnOnly' } });
    return owner;
  }
  if (!input.orgId || input.ownerUserId)
    throw new AppError('validation', { problem: { key: 'mailbox.ownerOrOrganization' } });
  // Users connect mailboxes for people; an owner-less mailbox is the operator's tool for a new organization.
  if (actor.kind === 'user') throw new AppError('forbidden', { problem: { key: 'mailbox.connectForUser' } });
  const [admin] = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, input.orgId), eq(users.role, 'admin'), eq(users.active, true)))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(1);
  return admin ?? null;
}

/**
 * Connects a mailbox for a user: checks the plan, counts the attempt (rate limit), refuses internal hosts,
 * logs in to both servers (nothing is saved when either refuses), stores the credentials encrypted, and
 * audits. Users connect their own mailboxes; admins may connect one for a colleague. The caller starts the
 * initial import. `outbound` replaces the DNS resolver or the operator's allowlist (tests).
 */
export async function connectMailbox(
  db: Db,
  options: z.input<typeof connectMailboxSchema> & {
    actor: Actor;
    verify?: MailServerCheck;
    outbound?: OutboundOptions;
    now?: Date;
  },
): Promise<MailboxView> {
  const input = parseInput(connectMailboxSchema, options);
  const { actor } = options;
  const owner = await resolveOwner(db, input, actor);
  const orgId = owner?.orgId ?? input.orgId!;
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new AppError('not_found', { problem: { key: 'mailbox.organizationNotFound' } });
  if (owner) await throwIfMailboxLimitReached(db, { org, userId: owner.id, now: options.now });
  else throwIfMailUnavailable(org, options.now);

  const imap = resolveServer('imap', input);
  const smtp = resolveServer('smtp', input);
  const credentials = { imapPassword: input.password, smtpPassword: input.smtpPassword || input.password };
  await takeMailServerAttempt(db, actor);
  await checkMailServerHosts({ imap, smtp, actor, outbound: options.outbound });
  await (options.verify ?? verifyMailSettings)({ imap, smtp, credentials, actor, outbound: options.outbound });

  return insertMailbox(db, {
    owner,
    org,
    email: input.email,
    provider: input.provider,
    displayName: input.displayName ?? null,
    imap,
    smtp,
    credentials,
    actor,
    now: options.now,
  });
}
