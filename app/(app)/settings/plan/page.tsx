import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { planLabel } from '@/components/plan-label';
import { organizationLimitRows } from '@/components/settings/limit-rows';
import { LimitsTable } from '@/components/settings/limits-table';
import { PurgeOverview } from '@/components/settings/purge-overview';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { planIds } from '@/lib/plans/catalogue';
import { getPlanOverview } from '@/lib/plans/get-plan-overview';
import { getPurgeOverview } from '@/lib/retention/get-purge-overview';
import { actorOf, requireSession } from '@/server/session';
import { PlanChangeForm } from './plan-change-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('planSettings'))('title') };
}

export default async function PlanSettingsPage() {
  const session = await requireSession();
  // Admin-only; for anyone else the page does not exist.
  if (session.user.role !== 'admin') notFound();
  const [overview, purge] = await Promise.all([
    getPlanOverview(getDb(), { orgId: session.org.id, actor: actorOf(session) }),
    getPurgeOverview(getDb(), { orgId: session.org.id, actor: actorOf(session) }),
  ]);
  const t = await getTranslations('planSettings');
  const tPlans = await getTranslations('plans');
  const tLimits = await getTranslations('limits');
  const { plan } = overview;
  return (
    <div className="space-y-6">
      <Card title={t('current')}>
        <p className="text-lg font-semibold" data-testid="current-plan">
          {planLabel(tPlans, plan.planId)}
        </p>
        {plan.trialDaysLeft !== null ? (
          <p className="mt-1 text-sm text-warning-fg">{t('trialDaysLeft', { days: plan.trialDaysLeft })}</p>
        ) : null}
        {plan.trialExpired ? (
          <div className="mt-3">
            <Alert>{t('trialEnded')}</Alert>
          </div>
        ) : null}
      </Card>
      <Card title={t('limits')}>
        <LimitsTable caption={t('limits')} rows={organizationLimitRows(tLimits, overview)} />
      </Card>
      <Card title={t('purge.title')}>
        <PurgeOverview overview={purge} />
      </Card>
      <Card title={t('change')}>
        <PlanChangeForm
          currentPlan={plan.planId}
          plans={planIds.map((id) => ({ value: id, label: planLabel(tPlans, id) }))}
        />
      </Card>
    </div>
  );
}
