import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { describeAccountLink } from '@/lib/auth/set-password-with-token';
import { systemMailConfigured } from '@/lib/system-mail/system-mail-config';
import { SetPasswordForm } from './set-password-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('setPassword'))('title'), referrer: 'no-referrer' };
}

// Opening the page does not use the link up (mail scanners open links too); only setting a password does.
export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations('setPassword');
  const target = await describeAccountLink(getDb(), { token });
  if (!target) {
    return (
      <Card title={t('title')}>
        <p className="text-sm text-fg-muted" data-testid="link-used-up">
          {t('linkUsedUp')} {systemMailConfigured() ? t('askAgainMail') : t('askAgainAdmin')}
        </p>
        <p className="mt-4 flex gap-4 text-sm">
          {systemMailConfigured() ? (
            <Link href="/forgot-password" className="text-accent-fg underline">
              {t('forgotPassword')}
            </Link>
          ) : null}
          <Link href="/sign-in" className="text-accent-fg underline">
            {t('signIn')}
          </Link>
        </p>
      </Card>
    );
  }
  return (
    <SetPasswordForm token={token} email={target.email} name={target.name} invitation={target.purpose === 'invite'} />
  );
}
