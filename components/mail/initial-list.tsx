'use client';

import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FirstListPage } from '@/lib/mail/webmail/first-list-page';
import { mailKeys } from './use-mail-data';
import { filterParams, type MailLocation } from './use-mail-location';
import type { MailView } from './use-mail-view';

/** The first page of a folder's list, unfiltered, rendered with the page (lib/mail/webmail/first-list-page.ts). */
export type InitialList = FirstListPage;

const unfiltered: MailLocation = {
  folderId: null,
  messageId: null,
  threadId: null,
  q: '',
  status: [],
  linked: [],
  after: '',
  before: '',
};

export function initialListKey(view: MailView, folderId: number) {
  const filters = filterParams(unfiltered);
  return view === 'conversations' ? mailKeys.conversations(folderId, filters) : mailKeys.list(folderId, filters);
}

/**
 * Puts the server's first page into the query cache during the webmail's first render, before its list query
 * reads it, so the rows are in the page's HTML and hydrate without a request. A cache that already holds the
 * list (a remount) is newer than the page and is kept.
 */
export function useInitialList(list: InitialList | null | undefined) {
  const client = useQueryClient();
  useState(() => {
    if (!list) return;
    const key = initialListKey(list.view, list.folderId);
    if (client.getQueryData(key)) return;
    client.setQueryData<InfiniteData<typeof list.page, string | undefined>>(key, {
      pages: [list.page],
      pageParams: [undefined],
    });
  });
}
