import type { TransportSecurity } from '../settings';
import type { SrvRecord } from './discovery-dns';
import type { DiscoveredServer, DiscoveryResult, StepContext } from './discovery-types';
import { publicServer } from './public-server';

type Service = { label: string; security: TransportSecurity };

// RFC 8314 prefers implicit TLS: _imaps before _imap, _submissions before _submission (both with STARTTLS).
const IMAP: Service[] = [
  { label: '_imaps._tcp', security: 'tls' },
  { label: '_imap._tcp', security: 'starttls' },
];
const SMTP: Service[] = [
  { label: '_submissions._tcp', security: 'tls' },
  { label: '_submission._tcp', security: 'starttls' },
];

/** RFC 2782 order: lowest priority first, then the heaviest weight (instead of a weighted draw: stable). */
function ordered(records: SrvRecord[]): SrvRecord[] {
  return [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
}

async function findService(services: Service[], context: StepContext): Promise<DiscoveredServer | undefined> {
  const answers = services.map((service) =>
    context.dns.resolveSrv(`${service.label}.${context.domain}`).catch((): SrvRecord[] => []),
  );
  for (const [index, service] of services.entries()) {
    const records = ordered(await answers[index]!);
    // A single record with target "." says the service is deliberately not offered (RFC 6186 section 3.4).
    if (records.length === 1 && (records[0]!.name === '.' || records[0]!.name === '')) continue;
    for (const record of records) {
      const host = record.name.toLowerCase().replace(/\.$/, '');
      if (!host || record.port < 1 || record.port > 65535) continue;
      if (await publicServer(host, context))
        return { host, port: record.port, security: service.security, login: context.email };
    }
  }
  return undefined;
}

/** Step 3: the domain's RFC 6186 SRV records. Succeeds when an IMAP server is published (SMTP is optional). */
export async function discoverBySrv(context: StepContext): Promise<DiscoveryResult | null> {
  const [imap, smtp] = await Promise.all([findService(IMAP, context), findService(SMTP, context)]);
  if (!imap) return null;
  return { source: 'srv', imap, ...(smtp ? { smtp } : {}) };
}
