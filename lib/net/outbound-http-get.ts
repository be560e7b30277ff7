import { type OutboundOptions, resolveOutboundHost } from './outbound-address';
import { type PinnedHttpGet, type PinnedHttpResponse, pinnedHttpGet } from './pinned-http-get';

export type OutboundHttpOptions = OutboundOptions & {
  /** The one GET to a checked address; replaceable (the default speaks HTTP and HTTPS from this machine). */
  get?: PinnedHttpGet;
  maxBytes: number;
  signal: AbortSignal;
  /** Redirects followed at most (default 3); each target is checked again like the first URL. */
  maxRedirects?: number;
};

function refused(message: string): Error {
  return Object.assign(new Error(message), { code: 'EREFUSED' });
}

/** Rejects when the signal fires, whatever the awaited work does meanwhile. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const defaultPort = (url: URL) => (url.protocol === 'https:' ? '443' : '80');

/**
 * A GET of a URL on the internet for the server itself (not a link a user opens): every host, the first and
 * each redirect's, passes the outbound-address policy and is connected to at the address that was checked.
 * Redirects may not leave HTTPS for HTTP, carry credentials, or knock on another port than the first URL's
 * or the scheme's own: a redirect is the remote server's choice, not the user's.
 */
export async function outboundHttpGet(
  url: string | URL,
  options: OutboundHttpOptions,
): Promise<PinnedHttpResponse & { url: URL }> {
  const first = new URL(url);
  const allowedPorts = new Set([first.port || defaultPort(first), '443', '80']);
  let current = first;
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'https:' && current.protocol !== 'http:') throw refused(`Not an HTTP URL: ${current}`);
    if (first.protocol === 'https:' && current.protocol === 'http:')
      throw refused(`Redirect to plain HTTP: ${current}`);
    if (current.username || current.password) throw refused('URL with credentials');
    if (!allowedPorts.has(current.port || defaultPort(current))) throw refused(`Redirect to port ${current.port}`);
    const target = await untilAborted(
      resolveOutboundHost(current.hostname, {
        resolve: options.resolve,
        allowedPrivateHosts: options.allowedPrivateHosts,
        timeoutMs: options.timeoutMs,
      }),
      options.signal,
    );
    const response = await untilAborted(
      (options.get ?? pinnedHttpGet)(current, target, { maxBytes: options.maxBytes, signal: options.signal }),
      options.signal,
    );
    if (response.status < 300 || response.status >= 400 || response.location === null)
      return { ...response, url: current };
    if (hop >= (options.maxRedirects ?? 3)) throw refused(`More than ${options.maxRedirects ?? 3} redirects`);
    current = new URL(response.location, current);
  }
}
