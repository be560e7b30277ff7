import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { organizations, users, type User } from '@/db/schema';
import { assertOrgAdmin } from '../access/assert-org-admin';
import type { Actor } from '../access/actor';
import { writeAuditEntry } from '../audit/write-audit-entry';
import { assertStrongPassword } from '../auth/password-strength';
import { hashPassword } from '../crypto/password';
import { AppError, isUniqueViolation } from '../errors';
import { claimOwnerlessMailboxes } from './claim-ownerless-mailboxes';
import { emailSchema, parseInput, passwordSchema, personNameSchema, roleSchema, uuidSchema } from '../validation';

const createUserSchema = z.object({
  orgId: uuidSchema,
  email: emailSchema,
  name: personNameSchema.optional(),
  password: passwordSchema.optional(),
  role: roleSchema.default('employee'),
});

// Secrets never leave lib: the TOTP secret is replaced by whether two-factor sign-in is on.
export type PublicUser = Omit<User, 'passwordHash' | 'totpSecret'>;

export function toPublicUser({ passwordHash: _password, totpSecret: _totp, ...user }: User): PublicUser {
  return user;
}

/**
 * A user in an organization. The password must pass the strength rule (lib/auth/password-strength.ts); with
 * none, the account gets a random one nobody knows, for an invited user who sets their own through a link.
 */
export async function createUser(
  db: DbOrTx,
  options: { orgId: string; email: string; name?: string; password?: string; role?: string; actor: Actor },
): Promise<PublicUser> {
  const input = parseInput(createUserSchema, options);
  assertOrgAdmin(options.actor, input.orgId);
  if (input.password !== undefined) assertStrongPassword(input.password, { email: input.email, name: input.name });
  const org = await db.query.organizations.findFirst({
    where: eq(organizations.id, input.orgId),
    columns: { id: true },
  });
  if (!org) throw new AppError('not_found', { problem: { key: 'orgs.notFound' } });

  const passwordHash = await hashPassword(input.password ?? randomBytes(32).toString('base64url'));
  try {
    const [user] = await db
      .insert(users)
      .values({
        orgId: input.orgId,
        email: input.email,
        name: input.name ?? input.email.split('@')[0]!,
        passwordHash,
        role: input.role,
      })
      .returning();
    if (input.role === 'admin') await claimOwnerlessMailboxes(db, { orgId: input.orgId });
    await writeAuditEntry(db, {
      orgId: input.orgId,
      actor: options.actor,
      action: 'user.created',
      targetType: 'user',
      targetId: user!.id,
      data: { email: input.email, role: input.role },
    });
    return toPublicUser(user!);
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_key')) {
      throw new AppError('conflict', {
        problem: { key: 'users.emailTaken', values: { email: input.email } },
        cause: error,
      });
    }
    throw error;
  }
}
