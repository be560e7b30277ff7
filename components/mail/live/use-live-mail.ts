'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import type { NotificationSetting } from '@/lib/live/list-notification-settings';
import type { NewMailNotice } from '@/lib/live/get-new-mail-notice';
import type { LiveMailEvent } from '@/lib/live/mail-event';
import type { WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';
import { apiGet } from '../mail-api';
import { mailKeys } from '../use-mail-data';
import { inboxUnreadLabel, titleWithCount } from './tab-title';
import { throttle } from './throttle';

export const liveKeys = { notifications: ['live', 'notifications'] as const };

const REFRESH_MS = 500;
const MAX_REOPEN_MS = 60_000;

const notificationsAllowed = () => typeof Notification !== 'undefined' && Notification.permission === 'granted';

/**
 * Live mail for the open webmail: one EventSource per tab (/api/mail/events). Every event refreshes the lists,
 * the folder pane and an open conversation (at most every 500 ms); the browser resumes after a dropped connection
 * by itself (Last-Event-ID), and when the server refused the stream, it is opened again after a pause, resuming
 * after the last event seen. `event: refetch` (too long away) refreshes everything. New mail in a mailbox the user
 * chose shows a browser notification while the tab is hidden; the tab title carries the INBOX unread count.
 */
export function useLiveMail(): void {
  const queryClient = useQueryClient();
  const router = useRouter();
  const t = useTranslations('live');
  const { data: unreadLabel } = useQuery({
    queryKey: mailKeys.folders,
    queryFn: () => apiGet<WebmailMailbox[]>('/api/mail/folders'),
    // Only reads what the folder pane fetches.
    enabled: false,
    select: inboxUnreadLabel,
  });
  const { data: subscriptions } = useQuery({
    queryKey: liveKeys.notifications,
    queryFn: () => apiGet<NotificationSetting[]>('/api/mail/notifications'),
    enabled: notificationsAllowed(),
    staleTime: 60_000,
  });
  const latest = useRef({ subscriptions, t, router });
  latest.current = { subscriptions, t, router };

  useEffect(() => {
    const apply = () => {
      const wanted = titleWithCount(document.title, unreadLabel ?? '');
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    // Next.js writes the page's metadata title after hydration and on navigation, which would drop the count
    // until the next change of it: put the count back whenever the title is rewritten.
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = titleWithCount(document.title, '');
    };
  }, [unreadLabel]);

  useEffect(() => {
    let source: EventSource | null = null;
    let lastEventId = '';
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let pause = 2_000;
    const notified = new Set<number>();
    const refresh = throttle(() => {
      void queryClient.invalidateQueries({ queryKey: mailKeys.lists });
      void queryClient.invalidateQueries({ queryKey: mailKeys.folders });
      // An open conversation gains the reply that just arrived, or shows a flag set elsewhere.
      void queryClient.invalidateQueries({ queryKey: mailKeys.conversationPrefix });
    }, REFRESH_MS);

    const notify = async (event: LiveMailEvent) => {
      const { subscriptions: chosen, t: translate, router: navigate } = latest.current;
      if (document.visibilityState !== 'hidden' || !notificationsAllowed() || notified.has(event.id)) return;
      if (!chosen?.some((s) => s.mailboxId === event.mailboxId && s.subscribed)) return;
      notified.add(event.id);
      const { notice } = await apiGet<{ notice: NewMailNotice | null }>(`/api/mail/events/${event.id}`).catch(() => ({
        notice: null,
      }));
      if (!notice) return;
      const subject = notice.subject || translate('noSubject');
      const notification = new Notification(notice.fromName || notice.fromAddress || translate('unknownSender'), {
        body: notice.count > 1 ? translate('andMore', { subject, more: notice.count - 1 }) : subject,
        tag: `mailroom-${notice.mailboxId}`,
      });
      notification.onclick = () => {
        window.focus();
        navigate.push(`/mail?folder=${notice.folderId}&m=${notice.messageId}`);
        notification.close();
      };
    };

    const open = () => {
      source = new EventSource(lastEventId ? `/api/mail/events?after=${lastEventId}` : '/api/mail/events');
      const seen = (message: MessageEvent<string>) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        pause = 2_000;
      };
      source.addEventListener('ready', seen);
      source.addEventListener('refetch', (message) => {
        seen(message);
        refresh.call();
      });
      source.onmessage = (message) => {
        seen(message);
        refresh.call();
        const event = JSON.parse(message.data) as LiveMailEvent;
        if (event.kind === 'new') void notify(event);
      };
      source.onerror = () => {
        // CONNECTING: the browser retries by itself. CLOSED: the server refused (signed out, restarting).
        if (source?.readyState !== EventSource.CLOSED) return;
        source.close();
        reopen = setTimeout(() => {
          open();
          refresh.call();
        }, pause);
        pause = Math.min(pause * 2, MAX_REOPEN_MS);
      };
    };

    open();
    return () => {
      clearTimeout(reopen);
      refresh.cancel();
      source?.close();
    };
  }, [queryClient]);
}
