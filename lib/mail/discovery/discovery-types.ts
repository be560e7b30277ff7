import type { OAuthProviderId } from '../oauth/providers';
import type { ProviderId } from '../presets';
import type { TransportSecurity } from '../settings';
import type { PinnedHttpGet } from '../../net/pinned-http-get';
import type { DiscoveryDns } from './discovery-dns';

export type DiscoverySource = 'provider' | 'autoconfig' | 'srv' | 'guess' | 'none';
export type DiscoveredServer = { host: string; port: number; security: TransportSecurity; login: string };

export type DiscoveryResult = {
  source: DiscoverySource;
  /** The preset of lib/mail/presets.ts the provider matches, when there is one. */
  provider?: ProviderId;
  /** The provider's name, for "Found: GMX" (names are not translated). */
  label?: string;
  oauthProvider?: OAuthProviderId;
  imap?: DiscoveredServer;
  smtp?: DiscoveredServer;
};

/** The standard ports the guesses knock on; tests map them onto their local servers. */
export type GuessPorts = { imaps: number; submissions: number; submission: number };

export type DiscoveryOptions = {
  dns?: DiscoveryDns;
  /** The one HTTP GET to a checked address (lib/net/pinned-http-get.ts by default). */
  httpGet?: PinnedHttpGet;
  /** How autoconfig URLs are fetched: HTTPS on 443 in production; tests serve plain HTTP on a local port. */
  autoconfigOrigin?: { scheme: 'https' | 'http'; port?: number };
  guessPorts?: GuessPorts;
  /** In MAILROOM_ALLOWED_PRIVATE_HOSTS syntax; the environment's when left out. */
  allowedPrivateHosts?: string;
  stepTimeoutMs?: number;
  totalTimeoutMs?: number;
};

/** What every step knows: the address in parts, the seams, and the signal that ends the step. */
export type StepContext = {
  email: string;
  localPart: string;
  domain: string;
  dns: DiscoveryDns;
  options: DiscoveryOptions;
  signal: AbortSignal;
};
