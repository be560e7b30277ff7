import { and, asc, eq, gt, lte, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { mailboxes, users } from '@/db/schema';
import type { Actor } from '../../access/actor';
import { isAppError } from '../../errors';
import { publicUrl } from '../../public-url';
import { takeRateLimit } from '../../rate-limit';
import { mailTextFor } from '../../system-mail/mail-text';
import { sendSystemMail } from '../../system-mail/send-system-mail';
import { systemMailConfig } from '../../system-mail/system-mail-config';
import { departedOwnerDisconnectAt, DEPARTED_OWNER_GRACE_DAYS, DEPARTED_OWNER_NOTICE_DAYS } from './owner-departure';

export type DepartedOwnerNotice = {
  mailboxId: string;
  email: string;
  ownerName: string;
  ownerEmail: string;
  disconnectAt: Date;
};

const DAY_MS = 86_400_000;

// Active mailboxes whose owner was deactivated at or before this instant: the 30-day end is at most 7 days away.
function dueNotices(db: DbOrTx, options: { now: Date; where?: SQL }) {
  const noticeFrom = new Date(
    options.now.getTime() - (DEPARTED_OWNER_GRACE_DAYS - DEPARTED_OWNER_NOTICE_DAYS) * DAY_MS,
  );
  return db
    .select({
      orgId: mailboxes.orgId,
      mailboxId: mailboxes.id,
      email: mailboxes.email,
      ownerName: users.name,
      ownerEmail: users.email,
      deactivatedAt: users.deactivatedAt,
    })
    .from(mailboxes)
    .innerJoin(users, eq(users.id, mailboxes.ownerUserId))
    .where(
      and(options.where, eq(mailboxes.status, 'active'), eq(users.active, false), lte(users.deactivatedAt, noticeFrom)),
    )
    .orderBy(asc(users.deactivatedAt), asc(mailboxes.email));
}

/**
 * What admins are told in the app: mailboxes of deactivated employees that will be disconnected within the
 * next 7 days (SPEC §3). It is read on each page load rather than stored, so it disappears by itself when the
 * mailbox gets a new owner, the employee comes back, or the mailbox is removed. Employees get nothing.
 */
export async function departedOwnerNotices(
  db: DbOrTx,
  options: { actor: Actor; now?: Date },
): Promise<DepartedOwnerNotice[]> {
  const { actor } = options;
  if (actor.kind !== 'user' || actor.role !== 'admin') return [];
  const rows = await dueNotices(db, { now: options.now ?? new Date(), where: eq(mailboxes.orgId, actor.orgId) });
  // lte() excludes null, so every row has its date.
  return rows.map(({ deactivatedAt, orgId: _org, ...row }) => ({
    ...row,
    disconnectAt: departedOwnerDisconnectAt(deactivatedAt!),
  }));
}

/**
 * The same notices by mail, for admins who do not open the app that week: each mailbox once per departure,
 * in one mail per organization to each of its active admins. Run on a schedule (lib/jobs); does nothing
 * without SYSTEM_SMTP_URL. "Once" is a rate limit of 1 on the mailbox and the departure instant, kept past the
 * notice window: atomic, so two runs at once mail it once. Returns the number of mails the relay took.
 */
export async function mailDepartedOwnerNotices(db: DbOrTx, options: { now?: Date } = {}): Promise<number> {
  if (!systemMailConfig()) return 0;
  const now = options.now ?? new Date();
  // Past the 30 days the mailbox is (about to be) disconnected; that is the audit log's news, not a notice.
  const rows = await dueNotices(db, {
    now,
    where: gt(users.deactivatedAt, new Date(now.getTime() - DEPARTED_OWNER_GRACE_DAYS * DAY_MS)),
  });
  const byOrg = new Map<string, DepartedOwnerNotice[]>();
  for (const { orgId, deactivatedAt, ...row } of rows) {
    try {
      await takeRateLimit(db, {
        key: `departed-owner-mail:${row.mailboxId}:${deactivatedAt!.getTime()}`,
        limit: 1,
        windowMs: (DEPARTED_OWNER_NOTICE_DAYS + 1) * DAY_MS,
        now,
      });
    } catch (error) {
      if (isAppError(error) && error.code === 'rate_limited') continue;
      throw error;
    }
    byOrg.set(orgId, [
      ...(byOrg.get(orgId) ?? []),
      { ...row, disconnectAt: departedOwnerDisconnectAt(deactivatedAt!) },
    ]);
  }
  const base = publicUrl();
  let sent = 0;
  for (const [orgId, notices] of byOrg) {
    const admins = await db
      .select({
        email: users.email,
        locale: users.locale,
        browserLocale: users.browserLocale,
        timeZone: users.timeZone,
      })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.role, 'admin'), eq(users.active, true)));
    for (const admin of admins) {
      // Each admin reads it in their own language, with dates in their own zone.
      const { t, instant } = await mailTextFor(admin, 'departedOwner');
      const list = notices
        .map((n) =>
          t('item', { email: n.email, owner: n.ownerName, ownerEmail: n.ownerEmail, at: instant(n.disconnectAt) }),
        )
        .join('\n');
      const where = base ? t('whereLink', { url: new URL('/settings/mailboxes', base).toString() }) : t('wherePage');
      const ok = await sendSystemMail({
        kind: 'departed-owner',
        to: admin.email,
        subject: t('subject', { count: notices.length, email: notices[0]!.email }),
        text: [t('intro', { days: DEPARTED_OWNER_GRACE_DAYS }), list, t('outro', { where })].join('\n\n'),
      });
      if (ok) sent += 1;
    }
  }
  return sent;
}
