import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { publicUrl } from '../public-url';
import { mailTextFor } from './mail-text';
import { sendSystemMail } from './send-system-mail';
import { systemMailConfig } from './system-mail-config';

/** "Chrome on Windows" from a User-Agent; good enough for a person to recognise their own device. */
export function describeBrowser(userAgent: string | null | undefined): string {
  const { browser, system } = browserParts(userAgent);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'an unknown browser';
}

function browserParts(userAgent: string | null | undefined): { browser?: string; system?: string } {
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
  return { browser, system };
}

/** describeBrowser in the reader's language: the browser and system names stay as they are. */
function deviceIn(t: (key: string, values?: Record<string, string>) => string, userAgent: string | null): string {
  const parts = browserParts(userAgent);
  if (parts.browser && parts.system) return t('device', { browser: parts.browser, system: parts.system });
  return parts.browser ?? parts.system ?? t('unknownDevice');
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
      .select({
        email: users.email,
        name: users.name,
        locale: users.locale,
        browserLocale: users.browserLocale,
        timeZone: users.timeZone,
      })
      .from(users)
      .where(eq(users.id, options.userId));
    if (!user) return;
    const { t, instant } = await mailTextFor(user, 'newSignIn');
    const base = publicUrl();
    const reset = base ? new URL('/forgot-password', base).toString() : t('resetPage');
    await sendSystemMail({
      kind: 'new-sign-in',
      to: user.email,
      subject: t('subject'),
      text: [
        t('greeting', { name: user.name }),
        t('body', {
          address: options.ip ?? t('unknownAddress'),
          device: deviceIn(t, options.userAgent),
          at: instant(options.now ?? new Date()),
        }),
        t('advice', { reset }),
      ].join('\n\n'),
    });
  } catch (error) {
    process.stderr.write(
      `[system-mail] new sign-in notice failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}
