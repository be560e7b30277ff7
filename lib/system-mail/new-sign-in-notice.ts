import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { publicUrl } from '../public-url';
import { sendSystemMail } from './send-system-mail';
import { systemMailConfig } from './system-mail-config';

/** "Chrome on Windows" from a User-Agent; good enough for a person to recognise their own device. */
export function describeBrowser(userAgent: string | null | undefined): string {
  const ua = userAgent ?? '';
  const browser = (
    [
      [/Edg\//, 'Edge'],
      [/OPR\/|Opera/, 'Opera'],
      [/Firefox\//, 'Firefox'],
      [/Chrom(e|ium)\//, 'Chrome'],
      [/Safari\//, 'Safari'],
    ] as const
  ).find(([pattern]) => pattern.test(ua))?.[1];
  const system = (
    [
      [/Android/, 'Android'],
      [/iPhone|iPad|iPod/, 'iOS'],
      [/Windows/, 'Windows'],
      [/Mac OS X|Macintosh/, 'macOS'],
      [/CrOS/, 'ChromeOS'],
      [/Linux/, 'Linux'],
    ] as const
  ).find(([pattern]) => pattern.test(ua))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'an unknown browser';
}

/**
 * Tells a user their account was just signed in to, with where from and how to take it back. Called by the
 * sign-in after a success it judges new (e.g. an unknown device). Does nothing without system mail, and never
 * throws: a relay that is down must not fail a sign-in. The reset link needs the configured public URL (no
 * request is at hand, and a Host header is not to be trusted); without one the mail names the page instead.
 */
export async function notifyNewSignIn(
  db: DbOrTx,
  options: { userId: string; ip: string | null; userAgent: string | null; now?: Date },
): Promise<void> {
  try {
    if (!systemMailConfig()) return;
    const [user] = await db
      .select({ email: users.email, name: users.name })
      .from(users)
      .where(eq(users.id, options.userId));
    if (!user) return;
    const at = (options.now ?? new Date())
      .toISOString()
      .replace('T', ' ')
      .replace(/:\d\d\.\d+Z$/, ' UTC');
    const base = publicUrl();
    const reset = base ? new URL('/forgot-password', base).toString() : '“Forgot password” on the sign-in page';
    await sendSystemMail({
      kind: 'new-sign-in',
      to: user.email,
      subject: 'New sign-in to your Mailroom account',
      text: [
        `Hello ${user.name},`,
        `Your Mailroom account was signed in to from ${options.ip ?? 'an unknown address'}, ${describeBrowser(options.userAgent)}, at ${at}.`,
        `If this was you, there is nothing to do. If it was not, reset your password now at ${reset}: that signs out every device.`,
      ].join('\n\n'),
    });
  } catch (error) {
    process.stderr.write(
      `[system-mail] new sign-in notice failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}
