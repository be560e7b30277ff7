import { domainToASCII } from 'node:url';
import { discoverByAutoconfig } from './autoconfig';
import { systemDns } from './discovery-dns';
import type { DiscoveryOptions, DiscoveryResult, StepContext } from './discovery-types';
import { discoverByGuess } from './guesses';
import { providerForDomain, providerForMxHosts } from './provider-table';
import { discoverBySrv } from './srv-records';

export const DEFAULT_STEP_TIMEOUT_MS = 3_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 8_000;

const NONE: DiscoveryResult = { source: 'none' };

// Names that never resolve on the internet (RFC 6761): nothing to ask about.
const RESERVED = /(?:^|\.)(?:localhost|invalid|local)$/;

/** Step 1b: the provider that hosts the domain, by its MX hosts (most preferred first). */
async function discoverByMx(context: StepContext): Promise<DiscoveryResult | null> {
  const records = await context.dns.resolveMx(context.domain);
  const hosts = [...records].sort((a, b) => a.priority - b.priority).map((r) => r.exchange);
  return providerForMxHosts(hosts, context.email);
}

/**
 * Runs one step under its own timeout. A step that fails, times out or is cancelled found nothing: the
 * next one in the order decides. The step is told through its signal; the race ends the wait even if it
 * does not listen.
 */
function runStep(
  step: (context: StepContext) => Promise<DiscoveryResult | null>,
  context: Omit<StepContext, 'signal'>,
  parent: AbortSignal,
  timeoutMs: number,
): Promise<DiscoveryResult | null> {
  const signal = AbortSignal.any([parent, AbortSignal.timeout(timeoutMs)]);
  const ended = new Promise<null>((resolve) => {
    if (signal.aborted) resolve(null);
    signal.addEventListener('abort', () => resolve(null), { once: true });
  });
  return Promise.race([step({ ...context, signal }).catch(() => null), ended]);
}

/** The address split for the steps, the domain in its ASCII (IDNA) form; null when it is no address. */
function addressParts(email: string): Pick<StepContext, 'email' | 'localPart' | 'domain'> | null {
  const at = email.lastIndexOf('@');
  if (at < 1) return null;
  const domain = domainToASCII(
    email
      .slice(at + 1)
      .trim()
      .toLowerCase()
      .replace(/\.$/, ''),
  );
  if (!domain || !domain.includes('.') || RESERVED.test(domain)) return null;
  return { email: email.trim(), localPart: email.slice(0, at).trim(), domain };
}

/**
 * Finds the IMAP and SMTP servers of an address, as Thunderbird does: (1) the provider table, by the domain
 * and then by its MX hosts; (2) the domain's autoconfig file; (3) RFC 6186 SRV records; (4) the usual names.
 * The network steps start at once, each under its own timeout and all under a total one; the first in that
 * order with an answer wins, and the others are cancelled. Every host is checked by the outbound-address
 * policy before it is contacted or offered. Nothing here logs in anywhere.
 */
export async function discoverServers(email: string, options: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const parts = addressParts(email);
  if (!parts) return NONE;
  const known = providerForDomain(parts.domain, parts.email);
  if (known) return known;

  const controller = new AbortController();
  const parent = AbortSignal.any([
    controller.signal,
    AbortSignal.timeout(options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS),
  ]);
  const context = { ...parts, dns: options.dns ?? systemDns, options };
  const stepTimeout = options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const steps = [discoverByMx, discoverByAutoconfig, discoverBySrv, discoverByGuess].map((step) =>
    runStep(step, context, parent, stepTimeout),
  );
  try {
    for (const step of steps) {
      const result = await step;
      if (result) return result;
    }
    return NONE;
  } finally {
    controller.abort();
  }
}
