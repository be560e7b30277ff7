import type { OAuthProviderId } from '../oauth/providers';
import { type ProviderId, providerPresets, type ServerPreset } from '../presets';
import type { DiscoveryResult } from './discovery-types';

type ProviderEntry = {
  label: string;
  /** The preset whose servers these are (lib/mail/presets.ts keeps the hosts); else `servers` says them. */
  preset?: Exclude<ProviderId, 'exchange' | 'other'>;
  servers?: { imap: ServerPreset; smtp: ServerPreset };
  /** Every provider here takes the whole address as login name. */
  login: 'address';
  oauthProvider?: OAuthProviderId;
  /** Addresses of these domains belong to the provider. */
  domains?: string[];
  /** A domain whose MX hosts lie under one of these is hosted there (Google Workspace, Microsoft 365, …). */
  mx?: string[];
};

const tls = (host: string, port = 993): ServerPreset => ({ host, port, security: 'tls' });
const starttls = (host: string, port = 587): ServerPreset => ({ host, port, security: 'starttls' });

// Order matters for MX hosts: the first entry whose suffix matches wins (Outlook.com's MX lies under
// outlook.com too, as does Microsoft 365's; AOL's under Yahoo's yahoodns.net).
const entries: ProviderEntry[] = [
  {
    label: 'Gmail',
    preset: 'gmail',
    login: 'address',
    oauthProvider: 'google',
    domains: ['gmail.com', 'googlemail.com'],
  },
  {
    label: 'Google Workspace',
    preset: 'gmail',
    login: 'address',
    oauthProvider: 'google',
    mx: ['google.com', 'googlemail.com'],
  },
  {
    label: 'Outlook.com',
    preset: 'outlook',
    login: 'address',
    oauthProvider: 'microsoft',
    domains: [
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
      'passport.com',
      'outlook.de',
      'outlook.fr',
      'outlook.es',
      'outlook.it',
      'hotmail.co.uk',
      'hotmail.de',
      'hotmail.fr',
      'hotmail.es',
      'hotmail.it',
      'live.co.uk',
      'live.de',
      'live.fr',
      'live.it',
    ],
    mx: ['olc.protection.outlook.com'],
  },
  {
    label: 'Microsoft 365',
    preset: 'office365',
    login: 'address',
    oauthProvider: 'microsoft',
    mx: ['mail.protection.outlook.com', 'mx.microsoft', 'outlook.com'],
  },
  {
    label: 'iCloud',
    preset: 'icloud',
    login: 'address',
    domains: ['icloud.com', 'me.com', 'mac.com'],
    mx: ['mail.icloud.com'],
  },
  {
    label: 'AOL',
    preset: 'aol',
    login: 'address',
    domains: ['aol.com', 'aim.com', 'aol.de', 'aol.fr', 'aol.co.uk'],
    mx: ['mx-aol.mail.gm0.yahoodns.net'],
  },
  {
    label: 'Yahoo!',
    preset: 'yahoo',
    login: 'address',
    domains: [
      'yahoo.com',
      'ymail.com',
      'rocketmail.com',
      'yahoo.co.uk',
      'yahoo.de',
      'yahoo.fr',
      'yahoo.es',
      'yahoo.it',
    ],
    mx: ['yahoodns.net'],
  },
  {
    label: 'GMX',
    servers: { imap: tls('imap.gmx.net'), smtp: tls('mail.gmx.net', 465) },
    login: 'address',
    domains: ['gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch', 'gmx.eu'],
    mx: ['gmx.net'],
  },
  {
    label: 'GMX',
    servers: { imap: tls('imap.gmx.com'), smtp: tls('mail.gmx.com', 465) },
    login: 'address',
    domains: ['gmx.com', 'gmx.co.uk', 'gmx.fr', 'gmx.us'],
    mx: ['gmx.com'],
  },
  {
    label: 'WEB.DE',
    servers: { imap: tls('imap.web.de'), smtp: starttls('smtp.web.de') },
    login: 'address',
    domains: ['web.de'],
    mx: ['web.de'],
  },
  {
    label: 'Fastmail',
    servers: { imap: tls('imap.fastmail.com'), smtp: tls('smtp.fastmail.com', 465) },
    login: 'address',
    domains: ['fastmail.com', 'fastmail.fm'],
    mx: ['messagingengine.com'],
  },
  {
    label: 'Zoho Mail',
    servers: { imap: tls('imap.zoho.eu'), smtp: tls('smtp.zoho.eu', 465) },
    login: 'address',
    domains: ['zoho.eu', 'zohomail.eu'],
    mx: ['zoho.eu'],
  },
  {
    label: 'Zoho Mail',
    servers: { imap: tls('imap.zoho.com'), smtp: tls('smtp.zoho.com', 465) },
    login: 'address',
    domains: ['zoho.com', 'zohomail.com'],
    mx: ['zoho.com'],
  },
  {
    label: 'mailbox.org',
    servers: { imap: tls('imap.mailbox.org'), smtp: tls('smtp.mailbox.org', 465) },
    login: 'address',
    domains: ['mailbox.org'],
    mx: ['mailbox.org'],
  },
  {
    label: 'Posteo',
    servers: { imap: tls('posteo.de'), smtp: tls('posteo.de', 465) },
    login: 'address',
    domains: ['posteo.de', 'posteo.net'],
  },
  {
    label: 'Mail.ru',
    servers: { imap: tls('imap.mail.ru'), smtp: tls('smtp.mail.ru', 465) },
    login: 'address',
    domains: ['mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'internet.ru'],
    mx: ['mail.ru'],
  },
  {
    label: 'Yandex',
    servers: { imap: tls('imap.yandex.com'), smtp: tls('smtp.yandex.com', 465) },
    login: 'address',
    domains: ['yandex.ru', 'yandex.com', 'ya.ru'],
    mx: ['yandex.net', 'yandex.ru'],
  },
];

const byDomain = new Map(entries.flatMap((entry) => (entry.domains ?? []).map((domain) => [domain, entry] as const)));

function resultOf(entry: ProviderEntry, email: string): DiscoveryResult {
  const servers = entry.preset ? providerPresets[entry.preset] : entry.servers!;
  const login = email;
  return {
    source: 'provider',
    ...(entry.preset ? { provider: entry.preset } : {}),
    label: entry.label,
    ...(entry.oauthProvider ? { oauthProvider: entry.oauthProvider } : {}),
    imap: { ...servers.imap, login },
    smtp: { ...servers.smtp, login },
  };
}

/** The provider an address of `domain` belongs to, by the domain alone (no network). */
export function providerForDomain(domain: string, email: string): DiscoveryResult | null {
  const entry = byDomain.get(domain);
  return entry ? resultOf(entry, email) : null;
}

/** The provider that hosts the domain's mail, by its MX hosts (most preferred first). */
export function providerForMxHosts(hosts: string[], email: string): DiscoveryResult | null {
  for (const host of hosts.map((h) => h.toLowerCase().replace(/\.$/, ''))) {
    const entry = entries.find((e) => e.mx?.some((suffix) => host === suffix || host.endsWith(`.${suffix}`)));
    if (entry) return resultOf(entry, email);
  }
  return null;
}
