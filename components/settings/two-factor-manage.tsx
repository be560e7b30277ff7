'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import type { ActionState } from '@/server/action';
import { TwoFactorRecoveryCodes } from './two-factor-recovery-codes';

type Action<T> = (previous: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;

/**
 * For a user with two-factor on: new recovery codes, or turning it off. Both ask again for a current code or
 * the password (one set of fields, two buttons): a browser left signed in is not enough.
 */
export function TwoFactorManage({
  recoveryCodesLeft,
  regenerateAction,
  disableAction,
}: {
  recoveryCodesLeft: number;
  regenerateAction: Action<{ recoveryCodes: string[] }>;
  disableAction: Action<void>;
}) {
  const t = useTranslations('twoFactor');
  const [regenerated, regenerate, regenerating] = useActionState(regenerateAction, null);
  const [disabled, disable, disabling] = useActionState(disableAction, null);
  if (regenerated?.ok) return <TwoFactorRecoveryCodes codes={regenerated.data.recoveryCodes} />;
  const failed = [regenerated, disabled].find((state) => state && !state.ok);
  return (
    <form className="space-y-3">
      <p className="text-sm text-fg-muted">{t('recoveryCodesLeft', { count: recoveryCodesLeft })}</p>
      <p className="text-sm text-fg-muted">{t('proofHint')}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t('currentCode')} name="code" inputMode="numeric" autoComplete="one-time-code" />
        <TextField label={t('orPassword')} name="password" type="password" autoComplete="current-password" />
      </div>
      {failed && !failed.ok ? <Alert>{failed.error}</Alert> : null}
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="secondary" formAction={regenerate} disabled={regenerating || disabling}>
          {t('regenerate')}
        </Button>
        <Button type="submit" variant="secondary" formAction={disable} disabled={regenerating || disabling}>
          {t('disable')}
        </Button>
      </div>
    </form>
  );
}
