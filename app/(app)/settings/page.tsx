import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { planLabel } from '@/components/plan-label';
import { NotificationSettings } from '@/components/mail/live/notification-settings';
import { ChangePasswordForm } from '@/components/settings/change-password-form';
import { Card } from '@/components/ui/card';
import { DefinitionList } from '@/components/ui/definition-list';
import { localeNames, locales } from '@/lib/i18n/locales';
import { LimitsTable } from '@/components/settings/limits-table';
import { userLimitRows } from '@/components/settings/limit-rows';
import { getDb } from '@/db/client';
import { listNotificationSettings } from '@/lib/live/list-notification-settings';
import { getUserLimits } from '@/lib/plans/get-plan-overview';
import { themes, type Theme } from '@/lib/users/update-user-theme';
import { actorOf, requireSession } from '@/server/session';
import { changePasswordAction } from './actions';
import { LocaleForm } from './locale-form';
import { ThemeForm } from './theme-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('settings'))('title') };
}

export default async function SettingsPage() {
  const session = await requireSession();
  const { user, org } = session;
  const limits = await getUserLimits(getDb(), { orgId: org.id, userId: user.id, actor: actorOf(session) });
  const notificationSettings = await listNotificationSettings(getDb(), { actor: actorOf(session) });
  const tLimits = await getTranslations('limits');
  const t = await getTranslations('settings');
  const tShell = await getTranslations('shell');
  const tPlans = await getTranslations('plans');
  const tPassword = await getTranslations('changePassword');
  const format = await getFormatter();
  const rows: Array<[string, string]> = [
    [t('name'), user.name],
    [t('email'), user.email],
    [t('role'), tShell(`roles.${user.role}`)],
  ];
  const orgRows: Array<[string, string]> = [
    [t('name'), org.name],
    [t('plan'), planLabel(tPlans, org.plan)],
    ...(org.trialEndsAt
      ? [[t('trialEnds'), format.dateTime(org.trialEndsAt, { dateStyle: 'long' })] as [string, string]]
      : []),
  ];
  return (
    <div className="space-y-6">
      <Card title={t('profile')}>
        <DefinitionList rows={rows} className="mb-6" />
        <LocaleForm
          current={user.locale ?? ''}
          options={[
            { value: '', label: t('browserLanguage') },
            ...locales.map((locale) => ({ value: locale, label: localeNames[locale] })),
          ]}
        />
        <div className="mt-6">
          <ThemeForm
            current={themes.find((theme) => theme === user.theme) ?? 'system'}
            options={themes.map((theme): { value: Theme; label: string } => ({
              value: theme,
              label: t(`themes.${theme}`),
            }))}
          />
        </div>
        <div className="mt-6">
          <NotificationSettings initial={notificationSettings} />
        </div>
      </Card>
      <Card title={tPassword('title')}>
        <ChangePasswordForm action={changePasswordAction} email={user.email} name={user.name} />
      </Card>
      <Card title={t('yourLimits')}>
        <p className="mb-3 text-sm text-fg-subtle">
          {limits.mailAvailable ? t('yourLimitsHint') : tLimits('mailUnavailable')}
        </p>
        <LimitsTable caption={t('yourLimits')} rows={userLimitRows(tLimits, limits)} />
      </Card>
      <Card title={t('organization')}>
        <DefinitionList rows={orgRows} />
      </Card>
    </div>
  );
}
