'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPost, errorMessage } from './mail-api';
import { useNotices } from './notices';

export const mailViews = ['conversations', 'messages'] as const;
export type MailView = (typeof mailViews)[number];

/**
 * The list by conversation or by message, the user's own choice (users.mail_view): it switches at once and
 * is saved for the next visit; if saving fails, the switch stays for this visit and the refusal is shown.
 */
export function useMailView(initial: MailView) {
  const notices = useNotices();
  const [view, setView] = useState<MailView>(initial);
  const save = useMutation({
    mutationFn: (mailView: MailView) => apiPost('/api/mail/view', { mailView }),
    onError: (error) => notices.show(errorMessage(error), { tone: 'error' }),
  });
  const change = (next: MailView) => {
    if (next === view) return;
    setView(next);
    save.mutate(next);
  };
  return { view, change };
}
