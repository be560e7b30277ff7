import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { TwoFactorEnrolment } from '@/components/settings/two-factor-enrolment';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { isTwoFactorPending } from '@/lib/auth/sessions';
import { requireSessionForTwoFactorSetup } from '@/server/session';
import { confirmTwoFactorAction, startTwoFactorAction } from '../../(app)/settings/security/actions';
import { signOutAction } from '../sign-in/actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('twoFactor'))('requiredTitle') };
}

// Where requireSession sends a user whose organization requires two-factor sign-in before they set it up.
// Outside the app's shell on purpose: until it is done, nothing else is reachable.
export default async function TwoFactorSetupPage() {
  const session = await requireSessionForTwoFactorSetup();
  if (!isTwoFactorPending(session)) redirect('/mail');
  const t = await getTranslations('twoFactor');
  return (
    <Card title={t('requiredTitle')}>
      <div className="space-y-4">
        <p className="text-sm text-fg-muted">{t('requiredIntro', { org: session.org.name })}</p>
        <TwoFactorEnrolment
          startAction={startTwoFactorAction}
          confirmAction={confirmTwoFactorAction}
          doneHref="/mail"
        />
        <form action={signOutAction} className="border-t border-line pt-4">
          <Button type="submit" variant="ghost">
            {t('signOut')}
          </Button>
        </form>
      </div>
    </Card>
  );
}
