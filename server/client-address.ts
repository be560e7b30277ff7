import { normalizeIpAddress } from '@/lib/net/ip-address';

/**
 * The address of the client a request came from, for throttles and the sessions list. The server in front
 * of Next.js (scripts/next-server.ts) removes whatever forwarding headers the client sent and puts exactly
 * one address in X-Forwarded-For: the socket's, or behind TRUST_PROXY_HOPS proxies the one the nearest
 * trusted proxy vouched for. Anything else in it (a list, a name) did not come from that server: 'unknown'.
 */
export function clientAddress(headers: Headers): string {
  const value = headers.get('x-forwarded-for');
  return (value !== null && normalizeIpAddress(value)) || 'unknown';
}
