'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useCallback, useState } from 'react';
import { apiPost, errorMessage } from '../mail-api';
import { useNotices } from '../notices';
import { mailKeys } from '../use-mail-data';
import type { WorkKind, WorkRequest, WorkSource } from './work-kinds';

/** After work is made from messages, their link badges and the open message's links change. */
export function useRefreshLinkedMessages() {
  const client = useQueryClient();
  return useCallback(
    (messageIds: number[]) => {
      void client.invalidateQueries({ queryKey: mailKeys.lists });
      for (const id of messageIds) void client.invalidateQueries({ queryKey: mailKeys.message(id) });
    },
    [client],
  );
}

/**
 * Starting work from messages: Save to CRM runs at once (one request per message, so each refusal names its
 * reason); every other kind opens its form.
 */
export function useWork() {
  const t = useTranslations('mail.work');
  const notices = useNotices();
  const refresh = useRefreshLinkedMessages();
  const [request, setRequest] = useState<WorkRequest | null>(null);

  const saveToCrm = useMutation({
    mutationFn: async (sources: WorkSource[]) => {
      const failures: string[] = [];
      for (const source of sources) {
        await apiPost('/api/crm/save', { messageId: source.id }).catch((error: unknown) =>
          failures.push(errorMessage(error)),
        );
      }
      return { saved: sources.length - failures.length, failures };
    },
    onSuccess: ({ saved, failures }, sources) => {
      if (saved > 0) notices.show(t('savedToCrm', { count: saved }));
      for (const failure of new Set(failures)) notices.show(failure, { tone: 'error' });
      refresh(sources.map((s) => s.id));
    },
  });

  const start = useCallback(
    (kind: WorkKind, sources: WorkSource[]) => {
      if (sources.length === 0) return;
      if (kind === 'crm') saveToCrm.mutate(sources);
      else setRequest({ kind, sources });
    },
    [saveToCrm],
  );
  return { request, start, close: () => setRequest(null) };
}
