'use client';

import { useTranslations } from 'next-intl';
import type { TransportSecurity } from '@/lib/mail/settings';
import { SelectField, TextField } from '../ui/field';

export type ServerValues = { host: string; port: string; security: TransportSecurity };
export type ServerField = 'Host' | 'Port' | 'Security';

const SECURITIES = ['tls', 'starttls', 'none'] as const;

/** One server's host, port and security, as the connect form posts them (imapHost, imapPort, …). */
export function ServerFields({
  prefix,
  legend,
  value,
  required,
  onChange,
}: {
  prefix: 'imap' | 'smtp';
  legend: string;
  value: ServerValues;
  required: boolean;
  onChange: (field: ServerField, value: string) => void;
}) {
  const t = useTranslations('mailboxSettings');
  return (
    <fieldset className="grid gap-3 sm:grid-cols-[1fr_6rem_10rem]">
      <legend className="mb-1 text-sm font-semibold text-fg">{legend}</legend>
      <TextField
        label={t('host')}
        name={`${prefix}Host`}
        required={required}
        placeholder={`${prefix}.example.com`}
        value={value.host}
        onChange={(e) => onChange('Host', e.target.value)}
      />
      <TextField
        label={t('port')}
        name={`${prefix}Port`}
        required={required}
        inputMode="numeric"
        value={value.port}
        onChange={(e) => onChange('Port', e.target.value)}
      />
      <SelectField
        label={t('security')}
        name={`${prefix}Security`}
        value={value.security}
        onChange={(e) => onChange('Security', e.target.value)}
        options={SECURITIES.map((security) => ({ value: security, label: t(`securityOptions.${security}`) }))}
      />
      {value.security === 'none' ? (
        <p className="text-xs text-warning-fg sm:col-span-3">{t('insecureWarning')}</p>
      ) : null}
    </fieldset>
  );
}
