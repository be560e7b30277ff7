'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFormAction, type FormAction } from '../crm/use-form-action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';

export type TemporaryPasswordState = { email: string; password: string; sessionsEnded: number };

/**
 * "Set temporary password" for one user: after a confirmation, a random password shown this once to pass on;
 * the user must replace it at their next sign-in. Only its hash is kept, so a lost one is simply set again.
 */
export function TemporaryPassword({
  userId,
  userName,
  action,
}: {
  userId: string;
  userName: string;
  action: FormAction<TemporaryPasswordState>;
}) {
  const t = useTranslations('usersSettings');
  const set = useFormAction(action, { userId });
  const [copied, setCopied] = useState(false);
  const result = set.state?.ok ? set.state.data : null;
  const copy = async (password: string) => {
    try {
      await navigator.clipboard.writeText(password);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <>
      <form
        onSubmit={(event) =>
          window.confirm(t('confirmTemporaryPassword', { name: userName }))
            ? set.onSubmit(event)
            : event.preventDefault()
        }
      >
        <Button type="submit" variant="ghost" disabled={set.pending}>
          {t('setTemporaryPassword')}
        </Button>
      </form>
      {result ? (
        <div className="mt-2 w-full">
          <Alert tone="success">
            <p>{t('temporaryPasswordIntro', { email: result.email })}</p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <input
                readOnly
                value={result.password}
                aria-label={t('temporaryPassword')}
                data-testid="temporary-password"
                onFocus={(event) => event.currentTarget.select()}
                className="min-w-0 flex-1 rounded border border-success-line bg-surface px-2 py-1 font-mono text-xs text-fg"
              />
              <Button type="button" variant="secondary" onClick={() => void copy(result.password)}>
                {copied ? t('copied') : t('copyPassword')}
              </Button>
            </div>
          </Alert>
        </div>
      ) : null}
      {set.state && !set.state.ok ? (
        <div className="mt-2 w-full">
          <Alert>{set.state.error}</Alert>
        </div>
      ) : null}
    </>
  );
}
