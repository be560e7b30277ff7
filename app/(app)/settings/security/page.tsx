import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { TwoFactorEnrolment } from '@/components/settings/two-factor-enrolment';
import { TwoFactorManage } from '@/components/settings/two-factor-manage';
import { TwoFactorOrgRequirement } from '@/components/settings/two-factor-org-requirement';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { getTwoFactorStatus } from '@/lib/auth/two-factor/get-two-factor-status';
import { actorOf, requireSession } from '@/server/session';
import {
  confirmTwoFactorAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  setOrgTwoFactorAction,
  startTwoFactorAction,
} from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('twoFactor'))('pageTitle') };
}

export default async function SecurityPage() {
  const session = await requireSession();
  const status = await getTwoFactorStatus(getDb(), { userId: session.user.id, actor: actorOf(session) });
  const t = await getTranslations('twoFactor');
  const format = await getFormatter();
  return (
    <div className="space-y-6">
      <Card title={t('title')}>
        {status.enabledAt ? (
          <div className="space-y-4">
            <p className="text-sm text-fg">
              {t('onSince', { date: format.dateTime(status.enabledAt, { dateStyle: 'long' }) })}
            </p>
            <TwoFactorManage
              recoveryCodesLeft={status.recoveryCodesLeft}
              regenerateAction={regenerateRecoveryCodesAction}
              disableAction={disableTwoFactorAction}
            />
          </div>
        ) : (
          <TwoFactorEnrolment
            startAction={startTwoFactorAction}
            confirmAction={confirmTwoFactorAction}
            doneHref="/settings/security"
          />
        )}
      </Card>
      {session.user.role === 'admin' ? (
        <Card title={t('orgTitle')}>
          <TwoFactorOrgRequirement required={session.org.requireTwoFactor} action={setOrgTwoFactorAction} />
        </Card>
      ) : null}
    </div>
  );
}
