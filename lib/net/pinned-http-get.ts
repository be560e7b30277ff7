import http from 'node:http';
import https from 'node:https';
import type { OutboundTarget } from './outbound-address';

export type PinnedHttpResponse = {
  status: number;
  /** The Location header of a redirect, as sent (relative or absolute); null otherwise. */
  location: string | null;
  /** The media type alone, lower case, without parameters ("" when the server sent none). */
  contentType: string;
  body: Buffer;
};

export type PinnedHttpLimits = { maxBytes: number; signal: AbortSignal };

/** One GET of `url` from the checked address `target` (see resolveOutboundHost), without following redirects. */
export type PinnedHttpGet = (url: URL, target: OutboundTarget, limits: PinnedHttpLimits) => Promise<PinnedHttpResponse>;

function tooLarge(maxBytes: number): Error {
  return Object.assign(new Error(`Response larger than ${maxBytes} bytes`), { code: 'ETOOLARGE' });
}

/**
 * Connects to the address that was checked, never to the name again (a second DNS answer could point
 * inside), while the name stays the Host header, the SNI and the name the certificate must carry. The body is
 * read up to `maxBytes`: a larger one, announced or streamed, fails as soon as it crosses the limit.
 */
export const pinnedHttpGet: PinnedHttpGet = (url, target, { maxBytes, signal }) =>
  new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      host: target.address,
      family: target.family,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { host: url.host, accept: 'application/xml, text/xml', 'accept-encoding': 'identity' },
      // No pooled socket: a connection kept for one name must not serve another that resolved elsewhere.
      agent: false,
      signal,
      ...(secure
        ? {
            minVersion: 'TLSv1.2',
            rejectUnauthorized: true,
            ...(target.servername ? { servername: target.servername } : {}),
          }
        : {}),
    };
    const request = (secure ? https : http).request(options, (response) => {
      const status = response.statusCode ?? 0;
      const contentType = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (status >= 300 && status < 400) {
        response.destroy();
        resolve({ status, location: response.headers.location ?? null, contentType, body: Buffer.alloc(0) });
        return;
      }
      if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
        response.destroy();
        reject(tooLarge(maxBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) return void chunks.push(chunk);
        // Settled here: an 'end' already on its way must not resolve with a body cut short.
        reject(tooLarge(maxBytes));
        response.destroy();
      });
      response.on('end', () => {
        if (size <= maxBytes) resolve({ status, location: null, contentType, body: Buffer.concat(chunks) });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
