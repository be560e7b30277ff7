import { Resolver } from 'node:dns/promises';
import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../../net/outbound-address';

export type MxRecord = { exchange: string; priority: number };
export type SrvRecord = { name: string; port: number; priority: number; weight: number };

/**
 * The DNS questions discovery asks, as one seam: tests answer them from a table, production asks the system's
 * resolver. `lookup` is the name-to-address step the outbound-address policy checks (getaddrinfo, like the
 * mail libraries); MX and SRV records go to the DNS servers directly, as only they hold them.
 */
export type DiscoveryDns = {
  resolveMx(domain: string): Promise<MxRecord[]>;
  resolveSrv(name: string): Promise<SrvRecord[]>;
  lookup: HostResolver;
};

// Short per-query timeouts: a domain whose DNS servers do not answer must not hold up the form.
const resolver = new Resolver({ timeout: 1_500, tries: 2 });

export const systemDns: DiscoveryDns = {
  resolveMx: (domain) => resolver.resolveMx(domain),
  resolveSrv: (name) => resolver.resolveSrv(name),
  lookup: (hostname) => lookup(hostname, { all: true, family: 0, verbatim: true }),
};
