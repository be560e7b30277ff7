import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '../errors';
import { allowlistCovers, allowlistFromEnv, canonicalHostName, parseAllowlist } from './outbound-allowlist';
import { isInternalAddress } from './outbound-ranges';

export type ResolvedAddress = { address: string; family: number };
/** Every address of a host name, both families; replaceable so tests can play a rebinding DNS server. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type OutboundOptions = {
  resolve?: HostResolver;
  /** In MAILROOM_ALLOWED_PRIVATE_HOSTS syntax; the environment's when left out. */
  allowedPrivateHosts?: string;
  timeoutMs?: number;
};

/**
 * Where to connect: `address` is the one that was checked (connect to it, never to the name again, so a DNS
 * answer cannot change between the check and the connection); `servername` is the name for SNI and the
 * certificate check (absent when the user gave an IP address). `operatorAllowed`: the operator listed this
 * host, so it may also be reached without encryption.
 */
export type OutboundTarget = {
  host: string;
  address: string;
  family: 4 | 6;
  servername?: string;
  operatorAllowed: boolean;
};

const DEFAULT_TIMEOUT_MS = 5_000;

// getaddrinfo, as the mail libraries would call it: it also reads /etc/hosts and the numeric forms inet_aton
// accepts (127.1, 2130706433, 0x7f000001, 0177.0.0.1, 0), and returns them as plain dotted addresses.
const systemResolver: HostResolver = (hostname) => lookup(hostname, { all: true, family: 0, verbatim: true });

function lookupError(host: string, code: string, message: string): Error {
  return Object.assign(new Error(`${message} (${host})`), { code, hostname: host });
}

async function resolveWithin(resolve: HostResolver, host: string, timeoutMs: number): Promise<ResolvedAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(lookupError(host, 'EAI_AGAIN', `No DNS answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([resolve(host), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves a user-given host and refuses it when any of its addresses is internal (loopback, private,
 * link-local, CGNAT, unique-local, multicast, unspecified, reserved, or an IPv6 form that embeds one) that
 * the operator did not allow. Any address counts, not only the first: a resolver may order them differently.
 */
export async function resolveOutboundHost(host: string, options: OutboundOptions = {}): Promise<OutboundTarget> {
  const name = canonicalHostName(host);
  if (!name) throw new AppError('validation', { problem: { key: 'field.serverNameRequired' } });
  const list =
    options.allowedPrivateHosts === undefined ? allowlistFromEnv() : parseAllowlist(options.allowedPrivateHosts);
  const addresses = await resolveWithin(
    options.resolve ?? systemResolver,
    name,
    options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  const usable = addresses.filter((a) => isIP(a.address) !== 0);
  if (usable.length === 0) throw lookupError(name, 'ENOTFOUND', 'No address found');

  // An internal address passes when the operator listed the name or a range holding it. Only a host listed
  // as a whole (its name, or all of its addresses) counts as the operator's own, e.g. for plaintext.
  const nameListed = list.names.has(name);
  const operatorAllowed = nameListed || (!list.empty && usable.every((a) => allowlistCovers(list, a.address)));
  if (!nameListed && usable.some((a) => isInternalAddress(a.address) && !allowlistCovers(list, a.address))) {
    throw new AppError('validation', {
      message: `Refused outbound connection to ${name}: it resolves to ${usable.map((a) => a.address).join(', ')}`,
      problem: { key: 'net.internalAddress', values: { host: host.trim() } },
    });
  }
  // One address, so nothing can switch it; IPv4 first when there is one, as a server without working IPv6
  // would otherwise fail where the libraries' own dual-stack attempts used to fall back.
  const chosen = usable.find((a) => isIP(a.address) === 4) ?? usable[0]!;
  return {
    host: name,
    address: chosen.address,
    family: isIP(chosen.address) === 6 ? 6 : 4,
    ...(isIP(name) === 0 ? { servername: name } : {}),
    operatorAllowed,
  };
}
