import { and, eq, exists, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxAccess, mailboxes, type Mailbox, type MailboxAccessLevel } from '@/db/schema';
import { AppError } from '../errors';
import { uuidSchema } from '../validation';
import type { Actor } from './actor';

/**
 * What may be done with a mailbox:
 * - read: see and organize its mail (owner, or a grant of any level)
 * - send: also send as it (owner, or a send/manage grant)
 * - manage: change settings, access, remove (owner, a manage grant, or an admin of the organization)
 * Admins manage every mailbox of their organization but read its mail only with a grant (SPEC §1).
 */
export type MailboxPermission = 'read' | 'send' | 'manage';

const levelRank: Record<MailboxAccessLevel, number> = { read: 1, send: 2, manage: 3 };

export function grantAllows(level: MailboxAccessLevel | null, permission: MailboxPermission): boolean {
  return level !== null && levelRank[level] >= levelRank[permission];
}

/** The actor's grant on the mailbox of the surrounding query (`mailboxes`), as a subquery. */
export function grantOf(db: DbOrTx, userId: string) {
  return db
    .select({ level: mailboxAccess.level })
    .from(mailboxAccess)
    .where(and(eq(mailboxAccess.mailboxId, mailboxes.id), eq(mailboxAccess.userId, userId)));
}

/**
 * The `read` rule for queries over many mailboxes: the owner, or a grant of any level. Admins need a grant too.
 * Evaluated against the database on every request, so a revoked grant stops working at once.
 */
export function mailboxReadableBy(db: DbOrTx, actor: Extract<Actor, { kind: 'user' }>): SQL {
  return and(
    eq(mailboxes.orgId, actor.orgId),
    or(eq(mailboxes.ownerUserId, actor.userId), exists(grantOf(db, actor.userId))),
  )!;
}

/** The mailbox when the actor may do `permission` with it; unknown and foreign ids are not_found alike. */
export async function getMailboxForActor(
  db: DbOrTx,
  options: { mailboxId: string; actor: Actor; permission: MailboxPermission },
): Promise<Mailbox> {
  const { actor, permission } = options;
  const notFound = () =>
    new AppError('not_found', {
      message: `Mailbox ${options.mailboxId} not accessible`,
      problem: { key: 'mailbox.notFound' },
    });
  // The whole UUID shape, not just its length and alphabet: 36 dashes would reach PostgreSQL's uuid cast (a 500).
  if (!uuidSchema.safeParse(options.mailboxId).success) throw notFound();
  const [row] = await db
    .select({ mailbox: mailboxes, level: mailboxAccess.level })
    .from(mailboxes)
    .leftJoin(
      mailboxAccess,
      and(
        eq(mailboxAccess.mailboxId, mailboxes.id),
        eq(mailboxAccess.userId, actor.kind === 'user' ? actor.userId : mailboxes.ownerUserId),
      ),
    )
    .where(eq(mailboxes.id, options.mailboxId))
    .limit(1);
  if (!row) throw notFound();
  if (actor.kind !== 'user') return row.mailbox;
  if (row.mailbox.orgId !== actor.orgId) throw notFound();

  const isOwner = row.mailbox.ownerUserId === actor.userId;
  const allowed = isOwner || grantAllows(row.level, permission) || (permission === 'manage' && actor.role === 'admin');
  if (allowed) return row.mailbox;
  // Someone who can see the mailbox but lacks this right is told so; everyone else learns nothing.
  const canSee = row.level !== null || actor.role === 'admin';
  if (!canSee) throw notFound();
  throw new AppError('forbidden', {
    message: `User ${actor.userId} lacks ${permission} on mailbox ${row.mailbox.id}`,
    problem: {
      key:
        permission === 'send'
          ? 'mailbox.sendNotAllowed'
          : permission === 'read'
            ? 'mailbox.readNotGranted'
            : 'mailbox.manageNotAllowed',
    },
  });
}
