import { normalizeIpAddress } from './ip-address';

/** Request headers as Node.js gives them (names lower-case). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/**
 * Every header through which a client or a proxy can claim an address, a scheme or a host. Next.js only fills
 * the X-Forwarded-* ones when they are missing (`??=`), so whatever a client sends would reach the app as the
 * truth; the server removes them all before Next.js sees the request and puts back only what it trusts.
 */
export const FORWARDING_HEADERS = [
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-real-ip',
  'forwarded',
] as const;

/**
 * TRUST_PROXY_HOPS: how many proxies stand between the clients and this server (Express's "trust proxy"
 * count). Unset or empty is 0: the socket is the client. Null when the value is not a whole number from 0
 * to 10, so that a typo stops the server instead of silently trusting nothing, or everything.
 */
export function parseTrustProxyHops(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return 0;
  if (!/^\d{1,2}$/.test(value.trim())) return null;
  const hops = Number(value.trim());
  return hops <= 10 ? hops : null;
}

/**
 * The client's address. The chain is X-Forwarded-For's entries followed by the socket's address; each
 * trusted proxy appends the address it received the request from, so with N hops the client is the N-th
 * entry from the right. Everything left of it was written by the client and is ignored. With fewer entries
 * than hops, the leftmost one (the proxies reached us directly); an entry that is not an address stops the
 * walk at the last address a trusted proxy vouched for. Null only when the socket has no address (closed).
 */
export function resolveClientAddress(options: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedHops: number;
}): string | null {
  let client = options.socketAddress === undefined ? null : normalizeIpAddress(options.socketAddress);
  if (client === null) return null;
  const entries = listValues(options.forwardedFor);
  for (let hop = 1; hop <= options.trustedHops; hop++) {
    const entry = entries[entries.length - hop];
    if (entry === undefined) break;
    const address = normalizeIpAddress(entry);
    if (address === null) break;
    client = address;
  }
  return client;
}

/**
 * The forwarding headers the app gets, replacing every one in FORWARDING_HEADERS: X-Forwarded-For with
 * exactly one address (the resolved client) and, behind trusted proxies only, the scheme, host and port the
 * client-facing proxy saw. A proxy that appends instead of overwriting leaves a list: its value is taken at
 * the same position as the client's address, and a value that is not well-formed is dropped (Next.js then
 * fills in the socket's own).
 */
export function trustedForwardingHeaders(
  headers: RequestHeaders,
  options: { socketAddress: string | undefined; trustedHops: number },
): Record<string, string> | null {
  const client = resolveClientAddress({
    socketAddress: options.socketAddress,
    forwardedFor: headers['x-forwarded-for'],
    trustedHops: options.trustedHops,
  });
  if (client === null) return null;
  const trusted: Record<string, string> = { 'x-forwarded-for': client };
  if (options.trustedHops === 0) return trusted;
  const proto = fromProxy(headers['x-forwarded-proto'], options.trustedHops)?.toLowerCase();
  if (proto === 'http' || proto === 'https') trusted['x-forwarded-proto'] = proto;
  const host = fromProxy(headers['x-forwarded-host'], options.trustedHops);
  if (host !== undefined && isHost(host)) trusted['x-forwarded-host'] = host;
  const port = fromProxy(headers['x-forwarded-port'], options.trustedHops);
  if (port !== undefined && /^\d{1,5}$/.test(port) && Number(port) > 0 && Number(port) < 65536)
    trusted['x-forwarded-port'] = port;
  return trusted;
}

function listValues(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((v) => v.split(',')).map((entry) => entry.trim());
}

/** The value written by the client-facing proxy: the N-th from the right, or the leftmost of a shorter list. */
function fromProxy(value: string | string[] | undefined, trustedHops: number): string | undefined {
  const values = listValues(value).filter(Boolean);
  if (values.length === 0) return undefined;
  return values[Math.max(0, values.length - trustedHops)];
}

// A DNS name or an IP literal with an optional port: no paths, spaces, credentials or second values.
function isHost(value: string): boolean {
  return (
    /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(
      value,
    ) && value.length <= 260
  );
}
