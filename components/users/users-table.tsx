'use client';

import { useTranslations } from 'next-intl';
import type { FormEvent } from 'react';
import { useFormAction, type FormAction } from '../crm/use-form-action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { LocalTime } from '../ui/local-time';
import { InvitationResult, type InvitationState } from './invitation-result';
import { TemporaryPassword, type TemporaryPasswordState } from './temporary-password';

type Row = {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'employee';
  active: boolean;
  deactivatedAt: string | null;
  lastSeenAt: string | null;
  mailboxes: number;
  /** When the newest invitation link expires, while the person has not accepted yet. */
  invitationExpiresAt: string | null;
};
type Actions = {
  role: FormAction;
  deactivate: FormAction;
  reactivate: FormAction;
  reissue: FormAction<InvitationState>;
  endSessions: FormAction<{ ended: number }>;
  temporaryPassword: FormAction<TemporaryPasswordState>;
};

function PendingInvitation({
  user,
  action,
  systemMail,
}: {
  user: Row;
  action: FormAction<InvitationState>;
  systemMail: boolean;
}) {
  const t = useTranslations('usersSettings');
  const reissue = useFormAction(action, { userId: user.id });
  const expired = user.invitationExpiresAt !== null && new Date(user.invitationExpiresAt).getTime() <= Date.now();
  return (
    <div className="mt-2 space-y-2" data-testid="pending-invitation">
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-xs text-warning-fg">
          {expired ? t('invitationExpired') : t('invitationPending')}{' '}
          {user.invitationExpiresAt && !expired ? (
            <>· {t.rich('invitationExpires', { when: () => <LocalTime value={user.invitationExpiresAt!} /> })}</>
          ) : null}
        </p>
        <form onSubmit={reissue.onSubmit}>
          <Button type="submit" variant="secondary" disabled={reissue.pending}>
            {systemMail ? t('resendInvitation') : t('newInvitationLink')}
          </Button>
        </form>
      </div>
      {reissue.state?.ok ? <InvitationResult invitation={reissue.state.data} /> : null}
      {reissue.state && !reissue.state.ok ? <Alert>{reissue.state.error}</Alert> : null}
    </div>
  );
}

function UserRow({
  user,
  isSelf,
  actions,
  systemMail,
}: {
  user: Row;
  isSelf: boolean;
  actions: Actions;
  systemMail: boolean;
}) {
  const t = useTranslations('usersSettings');
  const role = useFormAction(actions.role, { userId: user.id, role: user.role === 'admin' ? 'employee' : 'admin' });
  const deactivate = useFormAction(actions.deactivate, { userId: user.id });
  const reactivate = useFormAction(actions.reactivate, { userId: user.id });
  const endSessions = useFormAction(actions.endSessions, { userId: user.id });
  const failure = [role.state, deactivate.state, reactivate.state, endSessions.state].find((s) => s && !s.ok);
  const confirmed =
    (message: string, submit: (event: FormEvent<HTMLFormElement>) => void) => (event: FormEvent<HTMLFormElement>) =>
      window.confirm(message) ? submit(event) : event.preventDefault();
  return (
    <li className="py-3" data-testid="user-row" data-email={user.email}>
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">
            {user.name} <span className="font-normal text-fg-subtle">· {t(`roles.${user.role}`)}</span>
          </p>
          <p className="truncate text-xs text-fg-subtle">
            {user.email} · {t('mailboxes', { count: user.mailboxes })}
            {' · '}
            {user.active ? (
              user.lastSeenAt ? (
                t.rich('lastSeen', { when: () => <LocalTime value={user.lastSeenAt!} /> })
              ) : (
                t('neverSeen')
              )
            ) : (
              <span className="text-warning-fg">
                {t('deactivated')} {user.deactivatedAt ? <LocalTime value={user.deactivatedAt} /> : null}
              </span>
            )}
          </p>
        </div>
        {user.active ? (
          <>
            <form onSubmit={role.onSubmit}>
              <Button type="submit" variant="secondary" disabled={role.pending}>
                {user.role === 'admin' ? t('makeEmployee') : t('makeAdmin')}
              </Button>
            </form>
            <form
              onSubmit={confirmed(
                t(isSelf ? 'confirmSignOutSelf' : 'confirmSignOutEverywhere', { name: user.name }),
                endSessions.onSubmit,
              )}
            >
              <Button type="submit" variant="ghost" disabled={endSessions.pending}>
                {t('signOutEverywhere')}
              </Button>
            </form>
            {isSelf ? null : (
              <TemporaryPassword userId={user.id} userName={user.name} action={actions.temporaryPassword} />
            )}
            {isSelf ? null : (
              <form onSubmit={confirmed(t('confirmDeactivate', { name: user.name }), deactivate.onSubmit)}>
                <Button type="submit" variant="ghost" disabled={deactivate.pending}>
                  {t('deactivate')}
                </Button>
              </form>
            )}
          </>
        ) : (
          <form onSubmit={reactivate.onSubmit}>
            <Button type="submit" variant="secondary" disabled={reactivate.pending}>
              {t('reactivate')}
            </Button>
          </form>
        )}
      </div>
      {user.active && user.invitationExpiresAt ? (
        <PendingInvitation user={user} action={actions.reissue} systemMail={systemMail} />
      ) : null}
      {endSessions.state?.ok ? (
        <div className="mt-2">
          <Alert tone="success">{t('sessionsEnded', { count: endSessions.state.data.ended })}</Alert>
        </div>
      ) : null}
      {failure && !failure.ok ? (
        <div className="mt-2">
          <Alert>{failure.error}</Alert>
        </div>
      ) : null}
    </li>
  );
}

export function UsersTable({
  users,
  currentUserId,
  actions,
  systemMail,
}: {
  users: Row[];
  currentUserId: string;
  actions: Actions;
  systemMail: boolean;
}) {
  return (
    <ul className="divide-y divide-line-subtle" data-testid="users">
      {users.map((user) => (
        <UserRow
          key={`${user.id}-${user.role}-${user.active}`}
          user={user}
          isSelf={user.id === currentUserId}
          actions={actions}
          systemMail={systemMail}
        />
      ))}
    </ul>
  );
}
