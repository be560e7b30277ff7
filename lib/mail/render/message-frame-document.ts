// The message frame is its own document: message CSS cannot reach the app, and the app's cannot reach the
// message. It is sandboxed twice, by the iframe's `sandbox` attribute and by this response's CSP `sandbox`,
// so a document opened directly (not framed) is just as inert. Links open outside the sandbox, in a new tab.
const BASE_STYLE = [
  'html { background: #fff; color: #1f2328; color-scheme: light; }',
  'body { margin: 0; padding: 16px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;',
  '  overflow-wrap: anywhere; }',
  'img { max-width: 100%; }',
  'pre { white-space: pre-wrap; }',
  'blockquote { margin: 0 0 0 0.8ex; padding-left: 1ex; border-left: 2px solid #d0d7de; }',
].join('\n');

export type MessageFrameOptions = {
  allowRemoteImages: boolean;
  /** The webmail's own origin ("https://mail.example.org"), where `cid:` images are served from. */
  origin: string;
};

export type MessageFrame = { html: string; contentSecurityPolicy: string };

/**
 * The complete document for the message frame around already sanitised body HTML, and the
 * Content-Security-Policy header its response must carry (with `Content-Type: text/html; charset=utf-8`,
 * `Cache-Control: no-store` and `X-Content-Type-Options: nosniff`).
 */
export function messageFrameDocument(bodyHtml: string, options: MessageFrameOptions): MessageFrame {
  const origin = webOrigin(options.origin);
  // The sandbox gives the document an opaque origin, which 'self' may not match: our origin is named.
  const images = [origin, 'data:', ...(options.allowRemoteImages ? ['https:', 'http:'] : [])].join(' ');
  const shared = [
    "default-src 'none'",
    "script-src 'none'",
    "style-src 'unsafe-inline'",
    `img-src ${images}`,
    'font-src data:',
    "form-action 'none'",
    "base-uri 'none'",
  ];
  const header = [...shared, `frame-ancestors ${origin}`, 'sandbox allow-popups allow-popups-to-escape-sandbox'];
  const html =
    '<!doctype html><html><head><meta charset="utf-8">' +
    // Repeated in the document in case a response goes out without the header; a <meta> policy cannot
    // carry frame-ancestors or sandbox, so those stay header-only.
    `<meta http-equiv="Content-Security-Policy" content="${shared.join('; ')}">` +
    // Remote images, once allowed, must not learn which message of which webmail they are shown in.
    '<meta name="referrer" content="no-referrer">' +
    '<base target="_blank">' +
    `<style>\n${BASE_STYLE}\n</style></head><body>${bodyHtml}</body></html>`;
  return { html, contentSecurityPolicy: header.join('; ') };
}

/** The scheme, host and port of `origin`, refusing anything that could extend the policy. */
function webOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`Not an origin: ${origin}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`Not a web origin: ${origin}`);
  return url.origin;
}
