'use client';

import { useTranslations } from 'next-intl';
import { useFormAction, type FormAction } from '../crm/use-form-action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { LocalTime } from '../ui/local-time';
import { describeUserAgent } from './sessions-user-agent';

type Row = {
  handle: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
};
type Actions = { end: FormAction; endOthers: FormAction<{ ended: number }> };

function SessionRow({ session, end }: { session: Row; end: FormAction }) {
  const t = useTranslations('sessionsSettings');
  const action = useFormAction(end, { handle: session.handle });
  const { browser, os } = describeUserAgent(session.userAgent);
  const device = browser && os ? `${browser} · ${os}` : (browser ?? os ?? t('unknownDevice'));
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="session-row">
      <div className="min-w-0 space-y-0.5">
        <p className="text-sm font-medium text-fg">
          {device}
          {session.current ? (
            <span className="ml-2 rounded bg-success-muted px-1.5 py-0.5 text-xs font-medium text-success-fg">
              {t('thisDevice')}
            </span>
          ) : null}
        </p>
        <p className="text-xs text-fg-subtle">
          {t.rich('signedIn', { when: () => <LocalTime value={session.createdAt} /> })} ·{' '}
          {t.rich('lastActive', { when: () => <LocalTime value={session.lastUsedAt} /> })}
          {session.ip ? ` · ${t('address')} ${session.ip}` : null}
        </p>
        {action.state && !action.state.ok ? <Alert>{action.state.error}</Alert> : null}
      </div>
      {session.current ? null : (
        <form onSubmit={action.onSubmit}>
          <Button type="submit" variant="secondary" disabled={action.pending} aria-label={`${t('signOut')}: ${device}`}>
            {t('signOut')}
          </Button>
        </form>
      )}
    </li>
  );
}

/** The signed-in user's sessions, this device first, each other one with its own "Sign out". */
export function SessionsList({ sessions, actions }: { sessions: Row[]; actions: Actions }) {
  const t = useTranslations('sessionsSettings');
  const endOthers = useFormAction(actions.endOthers);
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="space-y-4">
      <p className="text-sm text-fg-muted">{t('intro')}</p>
      <ul className="divide-y divide-line">
        {sessions.map((session) => (
          <SessionRow key={session.handle} session={session} end={actions.end} />
        ))}
      </ul>
      {others === 0 ? <p className="text-sm text-fg-subtle">{t('noOthers')}</p> : null}
      {endOthers.state?.ok ? (
        <Alert tone="success">{t('endedOthers', { count: endOthers.state.data.ended })}</Alert>
      ) : null}
      {endOthers.state && !endOthers.state.ok ? <Alert>{endOthers.state.error}</Alert> : null}
      {others > 0 ? (
        <form onSubmit={endOthers.onSubmit}>
          <Button type="submit" variant="secondary" disabled={endOthers.pending}>
            {t('signOutOthers')}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
