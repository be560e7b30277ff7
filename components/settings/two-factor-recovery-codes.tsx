import { useTranslations } from 'next-intl';

/** Recovery codes right after they were made: the only time they can be read, so the page says so. */
export function TwoFactorRecoveryCodes({ codes }: { codes: string[] }) {
  const t = useTranslations('twoFactor');
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-fg">{t('recoveryCodesTitle')}</p>
      <p className="text-sm text-fg-muted">{t('recoveryCodesHint')}</p>
      <ul
        aria-label={t('recoveryCodesTitle')}
        className="grid grid-cols-2 gap-1 rounded-md bg-surface-subtle p-3 font-mono text-sm"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
    </div>
  );
}
