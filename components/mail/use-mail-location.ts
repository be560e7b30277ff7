'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

export const statusFilters = ['unread', 'read', 'flagged', 'answered', 'attachments'] as const;
export const linkFilters = ['task', 'crm', 'feed', 'calendar', 'chat'] as const;
export type StatusFilter = (typeof statusFilters)[number];
export type LinkFilter = (typeof linkFilters)[number];

export type MailLocation = {
  folderId: number | null;
  messageId: number | null;
  // An open conversation (a thread id) in the conversation view; a conversation of one message opens as it.
  threadId: number | null;
  q: string;
  status: StatusFilter[];
  linked: LinkFilter[];
  // Calendar days (YYYY-MM-DD) in the user's time zone, both included.
  after: string;
  before: string;
};

const isDay = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');
const positive = (value: string | null) => (value && /^\d+$/.test(value) ? Number(value) : null);
const listOf = <T extends string>(value: string | null, allowed: readonly T[]) =>
  (value ?? '').split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));

/** The list endpoint's filter parameters: days become instants at the user's local midnight. */
export function filterParams(location: MailLocation): Record<string, string | undefined> {
  const midnight = (day: string, addDays = 0) => {
    const date = new Date(`${day}T00:00:00`);
    date.setDate(date.getDate() + addDays);
    return date.toISOString();
  };
  return {
    q: location.q || undefined,
    status: location.status.join(',') || undefined,
    linked: location.linked.join(',') || undefined,
    after: location.after ? midnight(location.after) : undefined,
    before: location.before ? midnight(location.before, 1) : undefined,
  };
}

/**
 * Where the user is in the webmail (folder, open message or conversation, filters), kept in the URL so a filtered view can
 * be bookmarked and the back button works.
 */
export function useMailLocation() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const location = useMemo<MailLocation>(
    () => ({
      folderId: positive(params.get('folder')),
      messageId: positive(params.get('m')),
      threadId: positive(params.get('c')),
      q: params.get('q') ?? '',
      status: listOf(params.get('status'), statusFilters),
      linked: listOf(params.get('linked'), linkFilters),
      after: isDay(params.get('after')),
      before: isDay(params.get('before')),
    }),
    [params],
  );

  const navigate = useCallback(
    (changes: Partial<MailLocation>, options: { replace?: boolean } = {}) => {
      const next = { ...location, ...changes };
      const query = new URLSearchParams();
      if (next.folderId) query.set('folder', String(next.folderId));
      if (next.q) query.set('q', next.q);
      if (next.status.length) query.set('status', next.status.join(','));
      if (next.linked.length) query.set('linked', next.linked.join(','));
      if (next.after) query.set('after', next.after);
      if (next.before) query.set('before', next.before);
      if (next.messageId) query.set('m', String(next.messageId));
      if (next.threadId) query.set('c', String(next.threadId));
      const href = `${pathname}?${query}`;
      if (options.replace) router.replace(href, { scroll: false });
      else router.push(href, { scroll: false });
    },
    [location, pathname, router],
  );

  return { location, navigate };
}
