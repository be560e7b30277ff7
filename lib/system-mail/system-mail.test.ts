import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { createTestMailbox, createTestOrg, createTestUser } from '@/test/factories';
import { parsed, sentTo, useSystemMailCapture } from '@/test/system-mail-capture';
import { mailDepartedOwnerNotices } from '../mail/mailboxes/departed-owner-notices';
import { deactivateUser } from '../users/deactivate-user';
import { describeBrowser, notifyNewSignIn } from './new-sign-in-notice';
import { systemMailConfig } from './system-mail-config';

const DAY = 86_400_000;

describe('mail from Mailroom itself', () => {
  const capture = useSystemMailCapture();

  it('reads SYSTEM_SMTP_URL and SYSTEM_MAIL_FROM, and ignores what is not an SMTP URL', () => {
    expect(systemMailConfig({ SYSTEM_SMTP_URL: 'smtps://robot:s3cret@relay.example.test:465' })).toMatchObject({
      url: new URL('smtps://robot:s3cret@relay.example.test:465'),
    });
    expect(systemMailConfig({ SYSTEM_SMTP_URL: 'smtp://relay.example.test' })?.from).toMatch(/^Mailroom <mailroom@/);
    expect(
      systemMailConfig({ SYSTEM_SMTP_URL: 'smtp://relay.example.test', SYSTEM_MAIL_FROM: 'IT <it@example.test>' })
        ?.from,
    ).toBe('IT <it@example.test>');
    for (const value of ['', 'http://relay.example.test', 'relay.example.test:25', 'smtp://'])
      expect(systemMailConfig({ SYSTEM_SMTP_URL: value })).toBeNull();
  });

  it('tells a user about a new sign-in, with where from and how to take it back; never throws', async () => {
    const db = getDb();
    const org = await createTestOrg(db);
    const user = await createTestUser(db, { orgId: org.id });
    vi.stubEnv('MAILROOM_PUBLIC_URL', 'https://mail.example.test');
    const chrome =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    await notifyNewSignIn(db, {
      userId: user.id,
      ip: '198.51.100.23',
      userAgent: chrome,
      now: new Date('2026-03-01T10:05:00Z'),
    });
    vi.unstubAllEnvs();
    vi.stubEnv('SYSTEM_SMTP_URL', capture.url());
    const mail = await parsed(await capture.smtp.waitForMessage(sentTo(user.email)));
    expect(mail.headers.get('x-mailroom-notification')).toBe('new-sign-in');
    // Intl puts a narrow no-break space before AM in current ICU data.
    expect(mail.text).toMatch(/198\.51\.100\.23, Chrome on Linux, at Mar 1, 2026, 10:05\sAM UTC\./);
    expect(mail.text).toContain('https://mail.example.test/forgot-password');

    await expect(
      notifyNewSignIn(db, { userId: '00000000-0000-4000-8000-000000000000', ip: null, userAgent: null }),
    ).resolves.toBeUndefined();
    vi.stubEnv('SYSTEM_SMTP_URL', 'smtp://127.0.0.1:1');
    await expect(notifyNewSignIn(db, { userId: user.id, ip: null, userAgent: null })).resolves.toBeUndefined();
    vi.stubEnv('SYSTEM_SMTP_URL', '');
    await notifyNewSignIn(db, { userId: user.id, ip: '198.51.100.24', userAgent: null });
    vi.stubEnv('SYSTEM_SMTP_URL', capture.url());
    expect(capture.smtp.messages.filter(sentTo(user.email))).toHaveLength(1);
    expect(
      describeBrowser(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iOS');
  });

  it('mails departed-owner notices to the admins once per mailbox, even from two runs at once', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'standard' });
    const admins = await Promise.all([1, 2].map(() => createTestUser(db, { orgId: org.id, role: 'admin' })));
    const leaver = await createTestUser(db, { orgId: org.id, name: `Leaver ${randomBytes(3).toString('hex')}` });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: leaver.id });
    const deactivatedAt = new Date(Date.now() - 40 * DAY);
    await deactivateUser(db, {
      userId: leaver.id,
      actor: { kind: 'user', userId: admins[0]!.id, orgId: org.id, role: 'admin' },
      now: deactivatedAt,
    });
    const at = (days: number) => new Date(deactivatedAt.getTime() + days * DAY);

    await mailDepartedOwnerNotices(db, { now: at(22) });
    expect(capture.smtp.messages.filter(sentTo(admins[0]!.email))).toEqual([]);
    await Promise.all([
      mailDepartedOwnerNotices(db, { now: at(23.5) }),
      mailDepartedOwnerNotices(db, { now: at(23.5) }),
    ]);
    await mailDepartedOwnerNotices(db, { now: at(25) });
    for (const admin of admins) {
      const mails = capture.smtp.messages.filter(sentTo(admin.email));
      expect(mails).toHaveLength(1);
      const mail = await parsed(mails[0]!);
      expect(mail.headers.get('x-mailroom-notification')).toBe('departed-owner');
      expect(mail.text).toContain(mailbox.email);
      expect(mail.text).toContain(leaver.name);
    }
    expect(capture.smtp.messages.filter(sentTo(leaver.email))).toEqual([]);
  });

  it('writes to each user in their language and time zone: the one chosen, else the browser’s last', async () => {
    const db = getDb();
    const org = await createTestOrg(db, { plan: 'standard' });
    const french = await createTestUser(db, { orgId: org.id, role: 'admin' });
    const german = await createTestUser(db, { orgId: org.id, role: 'admin' });
    await db
      .update(users)
      .set({ locale: 'fr', browserLocale: 'de', timeZone: 'Europe/Paris' })
      .where(eq(users.id, french.id));
    await db.update(users).set({ locale: null, browserLocale: 'de' }).where(eq(users.id, german.id));
    const fr = catalogue('fr').systemMail;
    const de = catalogue('de').systemMail;

    await notifyNewSignIn(db, {
      userId: french.id,
      ip: '198.51.100.9',
      userAgent: null,
      now: new Date('2026-03-01T10:05:00Z'),
    });
    const notice = await parsed(await capture.smtp.waitForMessage(sentTo(french.email)));
    expect(notice.subject).toBe(fr.newSignIn.subject!);
    // 10:05 UTC is 11:05 in Paris in March; the month is French.
    expect(notice.text).toMatch(/1 mars 2026.*11:05/);
    expect(notice.text).toContain(fr.newSignIn.unknownDevice!);

    const leaver = await createTestUser(db, { orgId: org.id });
    const mailbox = await createTestMailbox(db, { orgId: org.id, ownerUserId: leaver.id });
    const deactivatedAt = new Date(Date.now() - 40 * DAY);
    await deactivateUser(db, {
      userId: leaver.id,
      actor: { kind: 'user', userId: french.id, orgId: org.id, role: 'admin' },
      now: deactivatedAt,
    });
    await mailDepartedOwnerNotices(db, { now: new Date(deactivatedAt.getTime() + 24 * DAY) });
    const toGerman = await parsed(await capture.smtp.waitForMessage(sentTo(german.email)));
    expect(toGerman.subject).toContain(mailbox.email);
    expect(toGerman.subject).not.toContain('will be disconnected');
    expect(toGerman.text).toContain(de.departedOwner.wherePage.split(' ')[0]);
    const toFrench = await parsed(
      await capture.smtp.waitForMessage(
        (message) => sentTo(french.email)(message) && message.raw.includes('departed-owner'),
      ),
    );
    expect(toFrench.text).toContain(fr.departedOwner.wherePage.split(' ')[0]);
  });
});

type SystemMailCatalogue = {
  systemMail: { newSignIn: Record<string, string>; departedOwner: { wherePage: string } };
};

function catalogue(locale: string): SystemMailCatalogue {
  return JSON.parse(
    readFileSync(path.join(process.cwd(), 'messages', `${locale}.json`), 'utf8'),
  ) as SystemMailCatalogue;
}
