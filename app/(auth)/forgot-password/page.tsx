import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { systemMailConfigured } from '@/lib/system-mail/system-mail-config';
import { ForgotPasswordForm } from './forgot-password-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('passwordReset'))('title') };
}

export default async function ForgotPasswordPage() {
  const t = await getTranslations('passwordReset');
  if (systemMailConfigured()) return <ForgotPasswordForm />;
  return (
    <Card title={t('title')}>
      <p className="text-sm text-fg-muted" data-testid="reset-unavailable">
        {t('noMail')}
      </p>
      <p className="mt-4 text-sm">
        <Link href="/sign-in" className="text-accent-fg underline">
          {t('backToSignIn')}
        </Link>
      </p>
    </Card>
  );
}
