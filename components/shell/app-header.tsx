import { getTranslations } from 'next-intl/server';
import type { Organization } from '@/db/schema';
import { getEffectivePlan } from '@/lib/plans/effective-plan';
import type { PublicUser } from '@/lib/users/create-user';
import { planLabel } from '../plan-label';
import { Button } from '../ui/button';

export async function AppHeader({
  org,
  user,
  signOutAction,
}: {
  org: Organization;
  user: PublicUser;
  signOutAction: () => Promise<void>;
}) {
  const t = await getTranslations('shell');
  const tApp = await getTranslations('app');
  const tPlans = await getTranslations('plans');
  // Admins decide about the plan, so they see how long the trial has left.
  const plan = getEffectivePlan(org);
  let trialNote: string | null = null;
  if (user.role === 'admin' && plan.trialExpired) trialNote = t('trialEnded');
  else if (user.role === 'admin' && plan.trialDaysLeft !== null)
    trialNote = t('trialDaysLeft', { days: plan.trialDaysLeft });
  return (
    <>
      {/* First in the tab order: keyboard and screen-reader users jump past the header and the sections. */}
      <a
        href="#main"
        className="sr-only rounded-md bg-surface px-3 py-2 text-sm font-medium text-accent-fg shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-toast focus:ring-2 focus:ring-focus"
      >
        {t('skipToContent')}
      </a>
      <header className="flex h-14 shrink-0 items-center justify-between gap-4 border-b border-line bg-surface px-4">
        <div className="flex min-w-0 items-center gap-3">
          <span className="text-lg font-semibold text-accent-fg">{tApp('name')}</span>
          <span className="truncate text-sm font-medium text-fg-muted" data-testid="org-name">
            {org.name}
          </span>
          <span className="hidden rounded bg-surface-muted px-2 py-0.5 text-xs text-fg-muted sm:inline">
            {planLabel(tPlans, org.plan)}
          </span>
          {trialNote ? <span className="hidden text-xs text-warning-fg sm:inline">{trialNote}</span> : null}
        </div>
        <div className="flex items-center gap-3">
          <div className="hidden text-right sm:block">
            <p className="text-sm font-medium text-fg" data-testid="user-name">
              {user.name}
            </p>
            <p className="text-xs text-fg-subtle">{t(`roles.${user.role}`)}</p>
          </div>
          <form action={signOutAction}>
            <Button type="submit" variant="secondary">
              {t('signOut')}
            </Button>
          </form>
        </div>
      </header>
    </>
  );
}
