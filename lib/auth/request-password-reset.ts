import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { AppError } from '../errors';
import { takeRateLimit } from '../rate-limit';
import { mailTextFor } from '../system-mail/mail-text';
import { sendSystemMail } from '../system-mail/send-system-mail';
import { systemMailConfig } from '../system-mail/system-mail-config';
import { emailSchema, parseInput } from '../validation';
import { accountTokenPath, issueAccountToken } from './account-tokens';
import { UNKNOWN_IP } from './sign-in-throttle';

const HOUR_MS = 60 * 60 * 1000;
// A person needs one or two; more from one address or for one account is someone probing or mail-bombing.
export const RESET_LIMIT_PER_EMAIL = 3;
export const RESET_LIMIT_PER_ADDRESS = 10;

/**
 * "Forgot password": counts the request against the e-mail and the client address, then answers at once.
 * Whether the account exists is never told: the lookup and the mail happen in `delivery`, which the page does
 * not wait for (tests do), so the answer and its timing are the same for every address. Unknown, deactivated
 * or mistyped addresses get nothing. Works only with system mail configured.
 */
export async function requestPasswordReset(
  db: DbOrTx,
  options: {
    email: string;
    ip: string;
    baseUrl: string;
    now?: Date;
    /** The asking page's language: the mail's, unless the account has one of its own. */
    locale?: string;
  },
): Promise<{ delivery: Promise<void> }> {
  if (!systemMailConfig()) {
    throw new AppError('unavailable', {
      message: 'Password reset asked for without SYSTEM_SMTP_URL',
      problem: { key: 'auth.resetWithoutMail' },
    });
  }
  const email = parseInput(emailSchema, options.email);
  const now = options.now ?? new Date();
  // Without a known client address everyone would share one bucket that one person could fill for all.
  if (options.ip !== UNKNOWN_IP)
    await takeRateLimit(db, {
      key: `password-reset:ip:${options.ip}`,
      limit: RESET_LIMIT_PER_ADDRESS,
      windowMs: HOUR_MS,
      now,
    });
  await takeRateLimit(db, {
    key: `password-reset:email:${email}`,
    limit: RESET_LIMIT_PER_EMAIL,
    windowMs: HOUR_MS,
    now,
  });
  const delivery = sendResetLink(db, { email, baseUrl: options.baseUrl, now, locale: options.locale }).catch(
    (error: unknown) => {
      process.stderr.write(`[password-reset] ${error instanceof Error ? error.message : String(error)}\n`);
    },
  );
  return { delivery };
}

async function sendResetLink(
  db: DbOrTx,
  options: { email: string; baseUrl: string; now: Date; locale?: string },
): Promise<void> {
  const [user] = await db
    .select({
      id: users.id,
      orgId: users.orgId,
      name: users.name,
      email: users.email,
      locale: users.locale,
      browserLocale: users.browserLocale,
      timeZone: users.timeZone,
    })
    .from(users)
    .where(and(eq(users.email, options.email), eq(users.active, true)));
  if (!user) return;
  const { token, expiresAt } = await issueAccountToken(db, {
    userId: user.id,
    orgId: user.orgId,
    purpose: 'reset',
    now: options.now,
  });
  const link = new URL(accountTokenPath(token), options.baseUrl).toString();
  const { t, instant } = await mailTextFor(user, 'passwordReset', options.locale);
  await sendSystemMail({
    kind: 'password-reset',
    to: user.email,
    subject: t('subject'),
    text: [
      t('greeting', { name: user.name }),
      t('intro'),
      link,
      t('expiry', { expires: instant(expiresAt) }),
      t('ignore'),
    ].join('\n\n'),
  });
}
