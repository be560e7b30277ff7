'use client';

import { useTranslations } from 'next-intl';
import { type InputHTMLAttributes, useCallback, useEffect, useRef, useState } from 'react';
import type { PasswordStrength } from '@/lib/auth/password-strength';

type Checker = typeof import('@/lib/auth/password-strength').checkPasswordStrength;

// The estimator and its dictionaries (about a megabyte) load on first use, in a chunk of their own, so no
// page pays for them until someone types a new password. One load for the whole tab.
let checkerPromise: Promise<Checker> | undefined;
function loadChecker(): Promise<Checker> {
  checkerPromise ??= import('@/lib/auth/password-strength').then((m) => m.checkPasswordStrength);
  return checkerPromise;
}

const control =
  'block w-full rounded-md border border-line-strong bg-surface px-3 py-2 text-sm shadow-sm focus:border-accent-line focus:outline-none focus:ring-2 focus:ring-focus/30 aria-invalid:border-danger';
const barColours = ['bg-danger', 'bg-danger', 'bg-warning', 'bg-success', 'bg-success'];

export type PasswordFieldProps = {
  label: string;
  name: string;
  /** The account's e-mail and name: a password containing them is refused, as the server does. */
  email?: string;
  userName?: string;
  hint?: string;
  /** The server's answer for this field (shown instead of the live check). */
  error?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'type' | 'value' | 'defaultValue'>;

/**
 * A new-password input that says live how strong the password is and, while it would be refused, why — the
 * same rule as the server (lib/auth/password-strength.ts), run in the browser. A refused password also makes
 * the input invalid, so the browser stops the form before it is sent; the server checks again regardless.
 */
export function PasswordField({ label, name, email, userName, hint, error, onChange, ...props }: PasswordFieldProps) {
  const t = useTranslations('passwordField');
  const tProblem = useTranslations('problems');
  // The reason in the reader's language: the checker names it as a `problems` key, as the server does.
  const reasonOf = useCallback(
    (result: PasswordStrength) =>
      result.problem ? tProblem(result.problem.key as never, result.problem.values as never) : t('refused'),
    [t, tProblem],
  );
  const input = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [strength, setStrength] = useState<PasswordStrength | null>(null);

  useEffect(() => {
    if (!password) {
      setStrength(null);
      input.current?.setCustomValidity('');
      return;
    }
    let current = true;
    void loadChecker().then((check) => {
      if (!current) return;
      const result = check(password, { email, name: userName });
      setStrength(result);
      input.current?.setCustomValidity(result.ok ? '' : reasonOf(result));
    });
    return () => {
      current = false;
    };
  }, [password, email, userName, reasonOf]);

  const describedBy = `${name}-strength`;
  const shownError = error && !strength ? error : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-fg-muted">
        {label}
      </label>
      <input
        ref={input}
        id={name}
        name={name}
        type="password"
        autoComplete="new-password"
        aria-invalid={shownError || (strength && !strength.ok) ? true : undefined}
        aria-describedby={describedBy}
        className={control}
        onChange={(event) => {
          setPassword(event.target.value);
          onChange?.(event);
        }}
        {...props}
      />
      <div id={describedBy} aria-live="polite" className="space-y-1">
        {strength ? (
          <>
            <div className="flex gap-1" aria-hidden="true">
              {[0, 1, 2, 3].map((i) => (
                <span
                  key={i}
                  className={`h-1 flex-1 rounded ${i < Math.max(strength.score, 1) ? barColours[strength.score] : 'bg-surface-strong'}`}
                />
              ))}
            </div>
            <p
              className={`text-sm ${strength.ok ? 'text-success-fg' : 'text-danger-fg'}`}
              data-testid="password-strength"
            >
              {strength.ok ? t(`score${strength.score}`) : reasonOf(strength)}
            </p>
          </>
        ) : shownError ? (
          <p className="text-sm text-danger-fg">{shownError}</p>
        ) : hint ? (
          <p className="text-xs text-fg-subtle">{hint}</p>
        ) : null}
      </div>
    </div>
  );
}
