import type { TransportSecurity } from './settings';

export type ServerPreset = { host: string; port: number; security: TransportSecurity };
export type ProviderPreset = {
  id: ProviderId;
  label: string;
  imap: ServerPreset | null;
  smtp: ServerPreset | null;
  /** The settings page shows advice for it (`mailboxSettings.presetNotes.<id>` in the catalogues). */
  hasNote?: boolean;
};

// Public server settings of the big providers. They accept IMAP/SMTP with an app password (Gmail, iCloud,
// Yahoo, AOL) or with IMAP enabled by the tenant (Office 365); "exchange" and "other" take the host from the user.
export const providerPresets = {
  gmail: {
    id: 'gmail',
    label: 'Gmail',
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
    hasNote: true,
  },
  outlook: {
    id: 'outlook',
    label: 'Outlook.com',
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp-mail.outlook.com', port: 587, security: 'starttls' },
  },
  icloud: {
    id: 'icloud',
    label: 'iCloud',
    imap: { host: 'imap.mail.me.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.me.com', port: 587, security: 'starttls' },
    hasNote: true,
  },
  office365: {
    id: 'office365',
    label: 'Office 365',
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
  },
  exchange: {
    id: 'exchange',
    label: 'Exchange',
    imap: null,
    smtp: null,
    hasNote: true,
  },
  yahoo: {
    id: 'yahoo',
    label: 'Yahoo!',
    imap: { host: 'imap.mail.yahoo.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.yahoo.com', port: 465, security: 'tls' },
    hasNote: true,
  },
  aol: {
    id: 'aol',
    label: 'AOL',
    imap: { host: 'imap.aol.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.aol.com', port: 465, security: 'tls' },
    hasNote: true,
  },
  other: { id: 'other', label: 'Other / corporate', imap: null, smtp: null },
} as const satisfies Record<string, ProviderPreset>;

export type ProviderId = 'gmail' | 'outlook' | 'icloud' | 'office365' | 'exchange' | 'yahoo' | 'aol' | 'other';
export const providerIds = Object.keys(providerPresets) as ProviderId[];
