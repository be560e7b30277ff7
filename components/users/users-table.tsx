'use client';

import { useTranslations } from 'next-intl';
import { useFormAction, type FormAction } from '../crm/use-form-action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { LocalTime } from '../ui/local-time';

type Row = { id: string; name: string; email: string; role: 'admin' | 'employee'; active: boolean; deactivatedAt: string | null; lastSeenAt: string | null; mailboxes: number };
type Actions = { role: FormAction; deactivate: FormAction; reactivate: FormAction };

function UserRow({ user, isSelf, actions }: { user: Row; isSelf: boolean; actions: Actions }) {
  const t = useTranslations('usersSettings');
  const role = useFormAction(actions.role, { userId: user.id, role: user.role === 'admin' ? 'employee' : 'admin' });
  const deactivate = useFormAction(actions.deactivate, { userId: user.id });
  const reactivate = useFormAction(actions.reactivate, { userId: user.id });
  const failure = [role.state, deactivate.state, reactivate.state].find((s) => s && !s.ok);
  return (
    <li className="py-3" data-testid="user-row" data-email={user.email}>
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">
            {user.name} <span className="font-normal text-slate-500">· {t(`roles.${user.role}`)}</span>
          </p>
          <p className="truncate text-xs text-slate-500">
            {user.email} · {t('mailboxes', { count: user.mailboxes })}
            {' · '}
            {user.active ? (
              user.lastSeenAt ? (
                <>
                  {t('lastSeen')} <LocalTime value={user.lastSeenAt} />
                </>
              ) : (
                t('neverSeen')
              )
            ) : (
              <span className="text-amber-700">
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
            {isSelf ? null : (
              <form onSubmit={(event) => (window.confirm(t('confirmDeactivate', { name: user.name })) ? deactivate.onSubmit(event) : event.preventDefault())}>
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
      {failure && !failure.ok ? <div className="mt-2"><Alert>{failure.error}</Alert></div> : null}
    </li>
  );
}

export function UsersTable({ users, currentUserId, actions }: { users: Row[]; currentUserId: string; actions: Actions }) {
  return (
    <ul className="divide-y divide-slate-100" data-testid="users">
      {users.map((user) => (
        <UserRow key={`${user.id}-${user.role}-${user.active}`} user={user} isSelf={user.id === currentUserId} actions={actions} />
      ))}
    </ul>
  );
}
