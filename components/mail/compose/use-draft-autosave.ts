'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiPost } from '../mail-api';
import { mailKeys } from '../use-mail-data';

type DraftFields = { mailboxId: string; to: string[]; cc: string[]; bcc: string[]; subject: string; html: string };

// A pause in typing this long saves the draft; the server's Drafts folder keeps one copy, replaced each time.
const AUTOSAVE_DELAY_MS = 4_000;

/** Saves the message being written to the server's Drafts folder while the user types. */
export function useDraftAutosave(fields: DraftFields) {
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const client = useQueryClient();
  // The server put the draft in the local Drafts folder as well: the folder list and counts show it now.
  const refresh = useCallback(() => {
    void client.invalidateQueries({ queryKey: mailKeys.lists });
    void client.invalidateQueries({ queryKey: mailKeys.folders });
  }, [client]);
  const saved = useRef<{ mailboxId: string; uid: number } | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const snapshot = JSON.stringify(fields);
  const first = useRef(snapshot);

  useEffect(() => {
    if (snapshot === first.current) return;
    const timer = setTimeout(() => {
      const current = JSON.parse(snapshot) as DraftFields;
      // Saves run one after another, so each replaces the previous copy and none is left behind.
      chain.current = chain.current.then(async () => {
        setStatus('saving');
        try {
          const previous = saved.current;
          const result = await apiPost<{ uid: number }>('/api/mail/drafts', {
            ...current,
            replaceUid: previous?.mailboxId === current.mailboxId ? previous.uid : undefined,
          });
          if (previous && previous.mailboxId !== current.mailboxId)
            await apiPost('/api/mail/drafts/delete', previous).catch(() => {});
          saved.current = { mailboxId: current.mailboxId, uid: result.uid };
          setStatus('saved');
          refresh();
        } catch {
          setStatus('error');
        }
      });
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [snapshot, refresh]);

  /** After sending: the draft is no longer needed. */
  const discard = useCallback(async () => {
    await chain.current;
    const previous = saved.current;
    saved.current = null;
    if (previous) await apiPost('/api/mail/drafts/delete', previous).catch(() => {});
    refresh();
  }, [refresh]);

  return { status, discard };
}
