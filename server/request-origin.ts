import { ownOrigin } from './same-origin';

/**
 * The origin the browser used to reach us, for what a response must name (a frame's frame-ancestors, the
 * address its images load from). `request.url` carries the address Next.js listens on, which differs from
 * it behind a proxy or when bound to 127.0.0.1 and opened as localhost. The same rule as the Origin check
 * (server/same-origin.ts): the configured public URL, else the Host with https only if the proxy says so.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  return ownOrigin(request.headers, url.host) ?? url.origin;
}
