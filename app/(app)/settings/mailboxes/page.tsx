import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ConnectMailboxForm } from '@/components/mailboxes/connect-mailbox-form';
import { LiveRefresh } from '@/components/mailboxes/live-refresh';
import { MailboxCard } from '@/components/mailboxes/mailbox-card';
import { OAuthOutcomeNotice } from '@/components/mailboxes/oauth-outcome-notice';
import { OrgMailboxesTable } from '@/components/mailboxes/org-mailboxes-table';
import { userLimitRows } from '@/components/settings/limit-rows';
import { LimitsTable } from '@/components/settings/limits-table';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { listUserMailboxes } from '@/lib/mail/mailboxes/list-mailboxes';
import { listOrgMailboxOverview } from '@/lib/mail/mailboxes/list-org-mailbox-overview';
import { configuredOAuthProviders } from '@/lib/mail/oauth/providers';
import { providerPresets } from '@/lib/mail/presets';
import { getPlanOverview, getUserLimits } from '@/lib/plans/get-plan-overview';
import { actorOf, requireSession } from '@/server/session';
import { connectMailboxAction, reconnectMailboxAction, removeMailboxAction, syncNowAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('mailboxSettings'))('title') };
}

async function loadAdminView(orgId: string, actor: ReturnType<typeof actorOf>) {
  if (actor.role !== 'admin') return null;
  const [rows, plan] = await Promise.all([
    listOrgMailboxOverview(getDb(), { actor, orgId }),
    getPlanOverview(getDb(), { actor, orgId }),
  ]);
  return { rows, shared: plan.sharedMailboxes };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MailboxSettingsPage({ searchParams }: Props) {
  const session = await requireSession();
  const query = await searchParams;
  const actor = actorOf(session);
  const [list, limits, admin] = await Promise.all([
    listUserMailboxes(getDb(), { actor }),
    getUserLimits(getDb(), { orgId: session.org.id, userId: session.user.id, actor }),
    loadAdminView(session.org.id, actor),
  ]);
  const t = await getTranslations('mailboxSettings');
  const tAccess = await getTranslations('mailboxAccess');
  const tLimits = await getTranslations('limits');
  // Refresh while anything is on its way: a sync running, or one requested (connect, Sync now) not yet done.
  const busy = list.some(
    (m) =>
      m.syncState === 'importing' ||
      m.syncState === 'syncing' ||
      (!m.requiresReauth &&
        m.status === 'active' &&
        (m.lastSyncAt === null
          ? m.syncState !== 'error'
          : m.syncRequestedAt !== null && m.syncRequestedAt > m.lastSyncAt)),
  );
  const presets = Object.values(providerPresets).map((p) => ({
    id: p.id,
    // Provider names are names; "Other / corporate" and the advice are words, in the reader's language.
    label: p.id === 'other' ? t('presetOther') : p.label,
    note: 'hasNote' in p ? t(`presetNotes.${p.id}`) : undefined,
    custom: p.imap === null,
  }));
  const oauthProviders = configuredOAuthProviders();
  const owned = list.filter((m) => m.access === 'owner');
  const shared = list.filter((m) => m.access !== 'owner');
  const actions = { sync: syncNowAction, reconnect: reconnectMailboxAction, remove: removeMailboxAction };
  return (
    <div className="space-y-6">
      <LiveRefresh active={busy} />
      <OAuthOutcomeNotice query={query} />
      <p className="text-sm text-fg-muted">{t('intro')}</p>
      <div className="space-y-3" data-testid="mailbox-list">
        {owned.length === 0 ? <p className="text-sm text-fg-subtle">{t('none')}</p> : null}
        {owned.map((mailbox) => (
          <MailboxCard
            key={mailbox.id}
            mailbox={mailbox}
            access="owner"
            canManage
            actions={actions}
            oauthProviders={oauthProviders}
          />
        ))}
      </div>
      {shared.length > 0 ? (
        <section className="space-y-3" data-testid="shared-mailbox-list">
          <h2 className="text-base font-semibold">{tAccess('sharedWithYou')}</h2>
          {shared.map((mailbox) => (
            <MailboxCard
              key={mailbox.id}
              mailbox={mailbox}
              access={mailbox.access}
              canManage={mailbox.access === 'manage' || actor.role === 'admin'}
              actions={actions}
              oauthProviders={oauthProviders}
            />
          ))}
        </section>
      ) : null}
      <Card title={t('connect')}>
        <ConnectMailboxForm presets={presets} action={connectMailboxAction} oauthProviders={oauthProviders} />
      </Card>
      <Card title={tLimits('rows.myMailboxes')}>
        <LimitsTable caption={tLimits('rows.myMailboxes')} rows={userLimitRows(tLimits, limits)} />
      </Card>
      {admin ? (
        <Card title={tAccess('orgTitle')}>
          <p className="mb-3 text-sm text-fg-muted">{tAccess('orgIntro')}</p>
          <div className="mb-4">
            <LimitsTable
              caption={tLimits('rows.sharedMailboxes')}
              rows={[{ key: 'sharedMailboxes', label: tLimits('rows.sharedMailboxes'), usage: admin.shared }]}
            />
          </div>
          <OrgMailboxesTable rows={admin.rows} />
        </Card>
      ) : null}
    </div>
  );
}
