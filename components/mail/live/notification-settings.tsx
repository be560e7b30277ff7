'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import type { NotificationSetting } from '@/lib/live/list-notification-settings';
import { apiPost, errorMessage } from '../mail-api';

type Problem = 'unsupported' | 'denied' | { message: string } | null;

/**
 * Settings → Profile: which mailboxes' new mail shows a browser notification while the webmail tab is hidden.
 * Turning one on asks the browser's permission first (only then, from the click, as browsers require); a
 * refused permission is said and nothing is saved.
 */
export function NotificationSettings({ initial }: { initial: NotificationSetting[] }) {
  const t = useTranslations('live');
  const [settings, setSettings] = useState(initial);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem>(null);

  const toggle = async (mailboxId: string, enabled: boolean) => {
    setProblem(null);
    if (enabled) {
      if (typeof Notification === 'undefined') return setProblem('unsupported');
      const permission =
        Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
      if (permission !== 'granted') return setProblem('denied');
    }
    setBusy(mailboxId);
    try {
      const saved = await apiPost<{ mailboxId: string; subscribed: boolean }>('/api/mail/notifications', {
        mailboxId,
        enabled,
      });
      setSettings((all) =>
        all.map((s) => (s.mailboxId === saved.mailboxId ? { ...s, subscribed: saved.subscribed } : s)),
      );
    } catch (error) {
      setProblem({ message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <fieldset className="space-y-2" aria-describedby="live-notifications-hint">
      <legend className="block text-sm font-medium text-fg-muted">{t('notificationsTitle')}</legend>
      <p id="live-notifications-hint" className="text-xs text-fg-subtle">
        {t('notificationsHint')}
      </p>
      {settings.length === 0 ? (
        <p className="text-sm text-fg-subtle">{t('noMailboxes')}</p>
      ) : (
        <ul className="space-y-1 pt-1">
          {settings.map((setting) => (
            <li key={setting.mailboxId}>
              <label className="inline-flex items-center gap-2 text-sm text-fg">
                <input
                  type="checkbox"
                  checked={setting.subscribed}
                  disabled={busy === setting.mailboxId}
                  onChange={(event) => void toggle(setting.mailboxId, event.currentTarget.checked)}
                  className="size-4 accent-accent"
                />
                {setting.displayName ? `${setting.displayName} <${setting.email}>` : setting.email}
              </label>
            </li>
          ))}
        </ul>
      )}
      {problem === 'unsupported' ? <Alert>{t('unsupported')}</Alert> : null}
      {problem === 'denied' ? <Alert>{t('denied')}</Alert> : null}
      {problem && typeof problem === 'object' ? <Alert>{problem.message}</Alert> : null}
    </fieldset>
  );
}
