import { BlockList, isIP } from 'node:net';
import { AppError } from '../errors';
import { addCidr } from './outbound-ranges';

/**
 * Internal hosts the operator lets users reach (an on-premises mail server, the test servers), from
 * MAILROOM_ALLOWED_PRIVATE_HOSTS: comma-separated host names, IP addresses and CIDR ranges, e.g.
 * "mail.internal, 10.0.0.0/8, 127.0.0.1". Only these may also be reached without encryption.
 */
export type OutboundAllowlist = { names: ReadonlySet<string>; ranges: BlockList; empty: boolean };

export const ALLOWLIST_VARIABLE = 'MAILROOM_ALLOWED_PRIVATE_HOSTS';

/** A host name as compared: lower case, no brackets around an IPv6 address, no final dot. */
export function canonicalHostName(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

export function parseAllowlist(value: string | undefined): OutboundAllowlist {
  const names = new Set<string>();
  const ranges = new BlockList();
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const bare = canonicalHostName(entry);
    if (bare.includes('/') || isIP(bare)) {
      // A typo in a range must not silently allow nothing (or, worse, be taken for a name).
      if (!addCidr(ranges, bare))
        throw new AppError('config', {
          message: `${ALLOWLIST_VARIABLE}: "${entry}" is not an IP address or CIDR range.`,
        });
    } else {
      names.add(bare);
    }
  }
  return { names, ranges, empty: entries.length === 0 };
}

let cached: { value: string | undefined; list: OutboundAllowlist } | undefined;

/** The operator's allowlist from the environment (parsed again only when the variable changes). */
export function allowlistFromEnv(): OutboundAllowlist {
  const value = process.env[ALLOWLIST_VARIABLE];
  if (!cached || cached.value !== value) cached = { value, list: parseAllowlist(value) };
  return cached.list;
}

export function allowlistCovers(list: OutboundAllowlist, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.ranges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
