import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { MailboxAccessPanel } from '@/components/mailboxes/mailbox-access-panel';
import { MailboxCrmSettings } from '@/components/mailboxes/mailbox-crm-settings';
import {
  MailboxFoldersForm,
  MailboxProfileForm,
  MailboxRemoveForm,
  MailboxServersForm,
  MailboxStatusForm,
} from '@/components/mailboxes/mailbox-edit-forms';
import { MailboxOwnerForm } from '@/components/mailboxes/mailbox-owner-form';
import { userLimitRows } from '@/components/settings/limit-rows';
import { LimitsTable } from '@/components/settings/limits-table';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { getDb } from '@/db/client';
import { isAppError } from '@/lib/errors';
import { getMailboxSettings } from '@/lib/mail/mailboxes/get-mailbox-settings';
import { isOAuthProviderId, oauthProviderLabels } from '@/lib/mail/oauth/providers';
import { storedErrorText } from '@/lib/mail/stored-error';
import { listMailboxAccess } from '@/lib/mail/mailboxes/list-mailbox-access';
import { getUserLimits } from '@/lib/plans/get-plan-overview';
import { listColleagues } from '@/lib/users/list-colleagues';
import { actorOf, requireSession } from '@/server/session';
import { changeMailboxOwnerAction, grantMailboxAccessAction, revokeMailboxAccessAction } from '../access-actions';
import { removeMailboxAction } from '../actions';
import { updateMailboxCrmSettingsAction } from '../crm-actions';
import {
  setMailboxEnabledAction,
  setMailboxFoldersAction,
  updateMailboxProfileAction,
  updateMailboxServersAction,
} from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('mailboxEdit'))('title') };
}

export default async function MailboxSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requireSession();
  const actor = actorOf(session);
  // Only those who manage the mailbox have this page; for everyone else it does not exist.
  const settings = await getMailboxSettings(getDb(), { actor, mailboxId: id }).catch((error: unknown) => {
    if (isAppError(error) && (error.code === 'not_found' || error.code === 'forbidden')) notFound();
    throw error;
  });
  const { mailbox, owner, folders } = settings;
  const [grants, colleagues, limits] = await Promise.all([
    listMailboxAccess(getDb(), { actor, mailboxId: mailbox.id }),
    listColleagues(getDb(), { actor }),
    // The owner's per-employee limits apply to this mailbox; a manage grantee may not see someone else's.
    owner && (owner.id === actor.userId || actor.role === 'admin')
      ? getUserLimits(getDb(), { orgId: mailbox.orgId, userId: owner.id, actor })
      : null,
  ]);
  const t = await getTranslations('mailboxEdit');
  const tBox = await getTranslations('mailboxSettings');
  const tAccess = await getTranslations('mailboxAccess');
  const tLimits = await getTranslations('limits');
  const tProblems = await getTranslations('problems');
  const disabledReason =
    mailbox.disabledReason === 'plan_limit' || mailbox.disabledReason === 'owner_departed'
      ? mailbox.disabledReason
      : 'admin';
  return (
    <div className="space-y-6" data-testid="mailbox-settings" data-email={mailbox.email}>
      <div>
        <Link href="/settings/mailboxes" className="text-sm text-accent-fg hover:underline">
          ← {t('back')}
        </Link>
        <h2 className="mt-2 text-lg font-semibold">{mailbox.email}</h2>
        <p className="text-sm text-fg-muted" data-testid="mailbox-state">
          {mailbox.status === 'disabled'
            ? tBox(`disabledReason.${disabledReason}`)
            : tBox(`state.${mailbox.syncState}`)}
          {' · '}
          {mailbox.lastSyncAt
            ? t.rich('lastSync', { when: () => <LocalTime value={mailbox.lastSyncAt!.toISOString()} /> })
            : tBox('neverSynced')}
          {owner ? ` · ${t('ownedBy', { name: owner.name })}` : ''}
        </p>
        {mailbox.lastErrorMessage ? (
          <div className="mt-2">
            <Alert>{storedErrorText(tProblems, mailbox.lastErrorProblem, mailbox.lastErrorMessage)}</Alert>
          </div>
        ) : null}
      </div>
      <Card title={t('general')}>
        <MailboxProfileForm mailbox={mailbox} action={updateMailboxProfileAction} />
      </Card>
      <Card title={tAccess('title')}>
        <MailboxAccessPanel
          mailboxId={mailbox.id}
          ownerUserId={mailbox.ownerUserId}
          grants={grants}
          colleagues={colleagues}
          actions={{ grant: grantMailboxAccessAction, revoke: revokeMailboxAccessAction }}
        />
      </Card>
      {actor.role === 'admin' ? (
        <Card title={tAccess('ownerTitle')}>
          <MailboxOwnerForm
            mailboxId={mailbox.id}
            ownerUserId={mailbox.ownerUserId}
            colleagues={colleagues}
            action={changeMailboxOwnerAction}
          />
        </Card>
      ) : null}
      <Card title={t('servers')}>
        {isOAuthProviderId(mailbox.oauthProvider) ? (
          // Its servers are the provider's and it has no password: the login is repaired by reconnecting.
          <p className="text-sm text-fg-muted" data-testid="oauth-servers">
            {t('oauthServers', {
              provider: oauthProviderLabels[mailbox.oauthProvider],
              imap: `${mailbox.imapHost}:${mailbox.imapPort}`,
              smtp: `${mailbox.smtpHost}:${mailbox.smtpPort}`,
            })}
          </p>
        ) : (
          <MailboxServersForm mailbox={mailbox} action={updateMailboxServersAction} />
        )}
      </Card>
      <Card title={t('folders')}>
        <MailboxFoldersForm mailboxId={mailbox.id} folders={folders} action={setMailboxFoldersAction} />
      </Card>
      <Card title={t('crm')}>
        <MailboxCrmSettings mailbox={mailbox} action={updateMailboxCrmSettingsAction} />
      </Card>
      {limits ? (
        <Card title={t('limits')}>
          <LimitsTable caption={t('limits')} rows={userLimitRows(tLimits, limits)} />
        </Card>
      ) : null}
      <Card title={t('status')}>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <MailboxStatusForm
            mailboxId={mailbox.id}
            active={mailbox.status === 'active'}
            action={setMailboxEnabledAction}
          />
          <MailboxRemoveForm mailboxId={mailbox.id} email={mailbox.email} action={removeMailboxAction} />
        </div>
      </Card>
    </div>
  );
}
