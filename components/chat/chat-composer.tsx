'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button } from '../ui/button';
import { errorMessage } from '../mail/mail-api';

type Send = { mutate: (body: string, options: { onSuccess: () => void }) => void; isPending: boolean; error: unknown };

/** The box to write in. It clears once the server has the post (no optimistic copy to reconcile). */
export function ChatComposer({ send }: { send: Send }) {
  const t = useTranslations('chat.room');
  const [body, setBody] = useState('');
  const submit = (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    const text = body.trim();
    if (!text || send.isPending) return;
    send.mutate(text, { onSuccess: () => setBody('') });
  };
  // Enter sends, Shift+Enter starts a new line, as in most chat apps.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <form onSubmit={submit} className="space-y-2 border-t border-line p-3">
      <div className="flex items-end gap-2">
        <label htmlFor="chat-message" className="sr-only">
          {t('message')}
        </label>
        <textarea
          id="chat-message"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={onKeyDown}
          rows={2}
          maxLength={4000}
          placeholder={t('messagePlaceholder')}
          className="block min-h-10 w-full flex-1 resize-y rounded-md border border-line-strong px-3 py-2 text-sm focus:border-accent-line focus:outline-none focus:ring-2 focus:ring-focus/30"
        />
        <Button type="submit" disabled={send.isPending || !body.trim()}>
          {t('send')}
        </Button>
      </div>
      {send.error ? (
        <p role="alert" className="text-sm text-danger-fg">
          {errorMessage(send.error)}
        </p>
      ) : null}
    </form>
  );
}
