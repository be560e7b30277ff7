'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import type { ActionState } from '@/server/action';
import { TwoFactorRecoveryCodes } from './two-factor-recovery-codes';

type Action<T> = (previous: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;
type Enrolment = { secret: string; otpauthUri: string; qrDataUrl: string };

/**
 * Setting up two-factor: a new secret as a QR code and as text (for apps without a camera), then a first code
 * from the app confirms it, and the recovery codes are shown once.
 */
export function TwoFactorEnrolment({
  startAction,
  confirmAction,
  doneHref,
}: {
  startAction: Action<Enrolment>;
  confirmAction: Action<{ recoveryCodes: string[] }>;
  doneHref: string;
}) {
  const t = useTranslations('twoFactor');
  const [started, start, starting] = useActionState(startAction, null);
  const [confirmed, confirm, confirming] = useActionState(confirmAction, null);

  if (confirmed?.ok) {
    return (
      <div className="space-y-4">
        <Alert tone="success">{t('enabled')}</Alert>
        <TwoFactorRecoveryCodes codes={confirmed.data.recoveryCodes} />
        {/* A full load: the layout above must see that the requirement is now met. */}
        <a href={doneHref} className="inline-block text-sm font-medium text-accent-fg underline">
          {t('done')}
        </a>
      </div>
    );
  }

  if (!started?.ok) {
    return (
      <form action={start} className="space-y-3">
        <p className="text-sm text-fg-muted">{t('intro')}</p>
        {started ? <Alert>{started.error}</Alert> : null}
        <Button type="submit" disabled={starting}>
          {t('start')}
        </Button>
      </form>
    );
  }

  const { secret, otpauthUri, qrDataUrl } = started.data;
  return (
    <div className="space-y-4">
      <p className="text-sm text-fg-muted">{t('scan')}</p>
      <img src={qrDataUrl} alt={t('qrAlt')} width={220} height={220} className="rounded-md border border-line" />
      <div className="space-y-1">
        <p className="text-sm text-fg-muted">{t('manualEntry')}</p>
        <p className="font-mono text-sm break-all" data-testid="totp-secret">
          {secret}
        </p>
        <a href={otpauthUri} className="text-sm text-accent-fg underline md:hidden">
          {t('openInApp')}
        </a>
      </div>
      <form action={confirm} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="flex-1">
          <TextField
            label={t('code')}
            name="code"
            required
            inputMode="numeric"
            autoComplete="one-time-code"
            error={confirmed && !confirmed.ok ? confirmed.error : undefined}
          />
        </div>
        <Button type="submit" disabled={confirming}>
          {t('confirm')}
        </Button>
      </form>
    </div>
  );
}
