'use client';

import { useCallback, useRef, useState } from 'react';
import type { DiscoveryResult } from '@/lib/mail/discovery/discovery-types';
import { apiPost, errorMessage } from '../mail/mail-api';

export type DiscoveryState =
  | { status: 'idle' }
  | { status: 'looking'; domain: string }
  | { status: 'found'; domain: string; result: DiscoveryResult }
  | { status: 'none'; domain: string }
  | { status: 'failed'; domain: string; message: string };

// Only what looks like an address is sent: the server counts every question against the user's allowance.
const ADDRESS = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

/**
 * Asks the server for the servers of an address (POST /api/mail/discover) and keeps the answer. Only the
 * newest question counts: an answer to an address the user has since changed, or to one asked before the form
 * was reset, is dropped. `onFound` hands a result to the form, which fills what the user has not typed.
 */
export function useServerDiscovery(handlers: {
  /** A new address is being looked up: what the previous answer filled in no longer applies. */
  onStart: () => void;
  onFound: (result: DiscoveryResult, email: string) => void;
}) {
  const { onStart, onFound } = handlers;
  const [state, setState] = useState<DiscoveryState>({ status: 'idle' });
  const asked = useRef<{ email: string; sequence: number }>({ email: '', sequence: 0 });

  const discover = useCallback(
    async (value: string) => {
      const email = value.trim();
      const domain = ADDRESS.exec(email)?.[1]?.toLowerCase();
      if (!domain || email.toLowerCase() === asked.current.email) return;
      const sequence = asked.current.sequence + 1;
      asked.current = { email: email.toLowerCase(), sequence };
      setState({ status: 'looking', domain });
      onStart();
      try {
        const result = await apiPost<DiscoveryResult>('/api/mail/discover', { email });
        if (asked.current.sequence !== sequence) return;
        if (result.source === 'none') return setState({ status: 'none', domain });
        setState({ status: 'found', domain, result });
        onFound(result, email);
      } catch (error) {
        if (asked.current.sequence !== sequence) return;
        // Asking again about the same address (Continue) is allowed after a failure.
        asked.current = { email: '', sequence };
        setState({ status: 'failed', domain, message: errorMessage(error) });
      }
    },
    [onStart, onFound],
  );

  /** Forgets the question and any answer still on its way (after a connect, the form starts afresh). */
  const reset = useCallback(() => {
    asked.current = { email: '', sequence: asked.current.sequence + 1 };
    setState({ status: 'idle' });
  }, []);

  return { state, discover, reset };
}
