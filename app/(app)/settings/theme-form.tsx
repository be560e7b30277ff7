'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import type { Theme } from '@/lib/users/update-user-theme';
import { updateThemeAction } from './actions';

/**
 * The colour theme: the device's setting, or light or dark whatever it says. Radios rather than a select so
 * all three are in view, and a choice applies at once (saved, then the layout re-renders the page in it):
 * trying a theme is how people pick one, and it is undone by picking another.
 */
export function ThemeForm({ current, options }: { current: Theme; options: Array<{ value: Theme; label: string }> }) {
  const t = useTranslations('settings');
  const [state, action] = useActionState(updateThemeAction, null);
  return (
    <form action={action} onChange={(event) => event.currentTarget.requestSubmit()} className="space-y-2">
      <fieldset className="space-y-1" aria-describedby="theme-hint">
        <legend className="block text-sm font-medium text-fg-muted">{t('theme')}</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2 pt-1">
          {options.map((option) => (
            <label key={option.value} className="inline-flex items-center gap-2 text-sm text-fg">
              <input
                type="radio"
                name="theme"
                value={option.value}
                defaultChecked={option.value === current}
                className="size-4 accent-accent"
              />
              {option.label}
            </label>
          ))}
        </div>
        <p id="theme-hint" className="text-xs text-fg-subtle">
          {t('themeHint')}
        </p>
      </fieldset>
      {state?.ok ? <Alert tone="success">{t('saved')}</Alert> : null}
      {state && !state.ok ? <Alert>{state.error}</Alert> : null}
    </form>
  );
}
