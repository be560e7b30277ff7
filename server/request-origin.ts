/**
 * The origin the browser used to reach us. `request.url` carries the address Next.js listens on, which
 * differs from it behind a proxy or when bound to 127.0.0.1 and opened as localhost; the Host header (or the
 * proxy's X-Forwarded-*) is what the browser sent. Same rule as the same-origin check in server/route.ts.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? url.protocol.replace(/:$/, '');
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}
