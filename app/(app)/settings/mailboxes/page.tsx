import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { MailboxCard } from '@/components/mailboxes/mailbox-card';
import { ConnectMailboxForm } from '@/components/mailboxes/connect-mailbox-form';
import { LiveRefresh } from '@/components/mailboxes/live-refresh';
import { userLimitRows } from '@/components/settings/limit-rows';
import { LimitsTable } from '@/components/settings/limits-table';
import { Card } from '@/components/ui/card';
import { getDb } from '@/db/client';
import { listUserMailboxes } from '@/lib/mail/mailboxes/list-mailboxes';
import { providerPresets } from '@/lib/mail/presets';
import { getUserLimits } from '@/lib/plans/get-plan-overview';
import { actorOf, requireSession } from '@/server/session';
import { connectMailboxAction, reconnectMailboxAction, removeMailboxAction, syncNowAction } from './actions';
import { updateMailboxCrmSettingsAction } from './crm-actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('mailboxSettings'))('title') };
}

export default async function MailboxSettingsPage() {
  const session = await requireSession();
  const actor = actorOf(session);
  const [list, limits] = await Promise.all([
    listUserMailboxes(getDb(), { actor }),
    getUserLimits(getDb(), { orgId: session.org.id, userId: session.user.id, actor }),
  ]);
  const t = await getTranslations('mailboxSettings');
  const tLimits = await getTranslations('limits');
  // Refresh while anything is on its way: a sync running, or one requested (connect, Sync now) not yet done.
  const busy = list.some(
    (m) =>
      m.syncState === 'importing' ||
      m.syncState === 'syncing' ||
      (!m.requiresReauth && m.status === 'active' && (m.lastSyncAt === null ? m.syncState !== 'error' : m.syncRequestedAt !== null && m.syncRequestedAt > m.lastSyncAt)),
  );
  const presets = Object.values(providerPresets).map((p) => ({ id: p.id, label: p.label, note: 'note' in p ? p.note : undefined, custom: p.imap === null }));
  return (
    <div className="space-y-6">
      <LiveRefresh active={busy} />
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <div className="space-y-3" data-testid="mailbox-list">
        {list.length === 0 ? <p className="text-sm text-slate-500">{t('none')}</p> : null}
        {list.map((mailbox) => (
          <MailboxCard
            key={mailbox.id}
            mailbox={mailbox}
            canManage={mailbox.ownerUserId === session.user.id || session.user.role === 'admin'}
            actions={{ sync: syncNowAction, reconnect: reconnectMailboxAction, remove: removeMailboxAction, crm: updateMailboxCrmSettingsAction }}
          />
        ))}
      </div>
      <Card title={t('connect')}>
        <ConnectMailboxForm presets={presets} action={connectMailboxAction} />
      </Card>
      <Card title={tLimits('rows.myMailboxes')}>
        <LimitsTable caption={tLimits('rows.myMailboxes')} rows={userLimitRows(tLimits, limits)} />
      </Card>
    </div>
  );
}
