import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { accountTokens, organizations, users } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { accountTokenPath, issueAccountToken } from '../auth/account-tokens';
import { AppError } from '../errors';
import { mailTextFor } from '../system-mail/mail-text';
import { sendSystemMail } from '../system-mail/send-system-mail';
import { systemMailConfig } from '../system-mail/system-mail-config';
import { parseInput, uuidSchema } from '../validation';
import { createUser, type PublicUser } from './create-user';
import { writeAuditEntry } from '../audit/write-audit-entry';

/**
 * With system mail the link went out by mail (`link` null); without it, or when the relay failed, the admin
 * gets the link to pass on. It is shown that once: only its hash is stored, a lost one is re-issued.
 */
export type Invitation = {
  user: PublicUser;
  mailed: boolean;
  mailFailed: boolean;
  link: string | null;
  expiresAt: Date;
};

/**
 * Adds a user who chooses their own password through a one-time link (7 days). Until then the account has a
 * random 256-bit password nobody knows, so it cannot be signed in to. Seat limits apply as for any new user.
 * `baseUrl` is the public URL, or the request's origin when none is configured (lib stays framework-free).
 */
export async function inviteUser(
  db: DbOrTx,
  options: {
    orgId: string;
    email: string;
    name?: string;
    role?: string;
    actor: Actor;
    baseUrl: string;
    now?: Date;
    /** The language of the invitation mail: the inviting admin's (the page's), since the invitee has none. */
    locale?: string;
  },
): Promise<Invitation> {
  assertOrgAdmin(options.actor, options.orgId);
  const { user, token, expiresAt } = await db.transaction(async (tx) => {
    // No password: createUser gives the account a random one nobody knows until the link sets a real one.
    const created = await createUser(tx, {
      orgId: options.orgId,
      email: options.email,
      name: options.name,
      role: options.role,
      actor: options.actor,
    });
    const issued = await issueAccountToken(tx, {
      userId: created.id,
      orgId: created.orgId,
      purpose: 'invite',
      now: options.now,
    });
    await writeAuditEntry(tx, {
      orgId: created.orgId,
      actor: options.actor,
      action: 'user.invited',
      targetType: 'user',
      targetId: created.id,
      data: { email: created.email, role: created.role },
    });
    return { user: created, ...issued };
  });
  return deliverInvitation(db, {
    user,
    token,
    expiresAt,
    actor: options.actor,
    baseUrl: options.baseUrl,
    locale: options.locale,
  });
}

/** A new link for someone who has not accepted yet (lost, expired, or mailed to a typo'd inbox and fixed). */
export async function reissueInvitation(
  db: DbOrTx,
  options: { userId: string; actor: Actor; baseUrl: string; now?: Date; locale?: string },
): Promise<Invitation> {
  const userId = parseInput(uuidSchema, options.userId);
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('not_found', { problem: { key: 'users.notFound' } });
  assertOrgAdmin(options.actor, user.orgId);
  if (!user.active) throw new AppError('conflict', { problem: { key: 'users.reactivateFirst' } });
  const [pending] = await db
    .select({ id: accountTokens.id })
    .from(accountTokens)
    .where(and(eq(accountTokens.userId, user.id), eq(accountTokens.purpose, 'invite'), isNull(accountTokens.usedAt)))
    .limit(1);
  if (!pending)
    throw new AppError('conflict', { problem: { key: 'users.invitationAccepted', values: { email: user.email } } });
  const { token, expiresAt } = await issueAccountToken(db, {
    userId: user.id,
    orgId: user.orgId,
    purpose: 'invite',
    now: options.now,
  });
  await writeAuditEntry(db, {
    orgId: user.orgId,
    actor: options.actor,
    action: 'user.invited',
    targetType: 'user',
    targetId: user.id,
    data: { email: user.email, role: user.role, again: true },
  });
  const { passwordHash: _hash, totpSecret: _totp, ...publicUser } = user;
  return deliverInvitation(db, {
    user: publicUser,
    token,
    expiresAt,
    actor: options.actor,
    baseUrl: options.baseUrl,
    locale: options.locale,
  });
}

async function deliverInvitation(
  db: DbOrTx,
  options: { user: PublicUser; token: string; expiresAt: Date; actor: Actor; baseUrl: string; locale?: string },
): Promise<Invitation> {
  const { user, expiresAt } = options;
  const link = new URL(accountTokenPath(options.token), options.baseUrl).toString();
  if (!systemMailConfig()) return { user, mailed: false, mailFailed: false, link, expiresAt };
  const [org] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, user.orgId));
  const inviter =
    options.actor.kind === 'user'
      ? (await db.select({ name: users.name }).from(users).where(eq(users.id, options.actor.userId)))[0]?.name
      : undefined;
  // The invitee has no language yet: the mail speaks the inviting admin's (the page they invited from).
  const { t, instant } = await mailTextFor({ locale: options.locale }, 'invitation');
  const orgName = org?.name ?? t('yourOrganization');
  const mailed = await sendSystemMail({
    kind: 'invitation',
    to: user.email,
    subject: t('subject', { org: orgName }),
    text: [
      t('greeting', { name: user.name }),
      t('invited', { inviter: inviter ?? t('anAdministrator'), org: orgName }),
      link,
      t('expiry', { expires: instant(expiresAt) }),
    ].join('\n\n'),
  });
  return { user, mailed, mailFailed: !mailed, link: mailed ? null : link, expiresAt };
}
