'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Button } from '../ui/button';
import { errorMessage } from '../mail/mail-api';
import { useCreateFeedPost } from './use-feed';

/** Writing to the whole organization. Quoting a message is done from the mail ("Post to feed"). */
export function FeedComposer() {
  const t = useTranslations('feed.composer');
  const [body, setBody] = useState('');
  const create = useCreateFeedPost();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = body.trim();
    if (!text || create.isPending) return;
    create.mutate(text, { onSuccess: () => setBody('') });
  };
  return (
    <form
      onSubmit={submit}
      className="space-y-2 rounded-lg border border-line bg-surface p-4 shadow-sm"
      data-testid="feed-composer"
    >
      <label htmlFor="feed-body" className="block text-sm font-medium text-fg-muted">
        {t('label')}
      </label>
      <textarea
        id="feed-body"
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={3}
        maxLength={4000}
        placeholder={t('placeholder')}
        className="block w-full rounded-md border border-line-strong px-3 py-2 text-sm focus:border-accent-line focus:outline-none focus:ring-2 focus:ring-focus/30"
      />
      <div className="flex items-center justify-between gap-3">
        {create.error ? (
          <p role="alert" className="text-sm text-danger-fg">
            {errorMessage(create.error)}
          </p>
        ) : (
          <span />
        )}
        <Button type="submit" disabled={create.isPending || !body.trim()}>
          {t('post')}
        </Button>
      </div>
    </form>
  );
}
