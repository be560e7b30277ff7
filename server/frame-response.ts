/**
 * A sanitized e-mail document for a sandboxed frame (the webmail's reading pane, a CRM activity). Its own CSP
 * is the second layer behind the sanitizer; it is never cached and never sent to another origin.
 */
export function frameResponse(body: { html: string; contentSecurityPolicy: string }): Response {
  return new Response(body.html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': body.contentSecurityPolicy,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'same-origin',
    },
  });
}
