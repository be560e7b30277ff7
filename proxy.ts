import { NextResponse, type NextRequest } from 'next/server';
import { isAppError } from '@/lib/errors';
import { ACTION_BODY_LIMIT_BYTES } from '@/server/action-limits';
import { bodyTooLarge } from '@/server/read-body';
import { pageSecurityHeaders } from '@/server/page-security-headers';
import { assertSameOrigin } from '@/server/same-origin';

/**
 * Every page request gets its security headers here (a fresh CSP nonce each time: server/page-security-headers).
 *
 * POSTs are first checked for what Next.js would otherwise answer with a 500: its own Origin check ends in
 * "Invalid Server Actions request." (a foreign Origin) or `TypeError: Invalid URL` (`Origin: http://[`), lets a
 * missing Origin through, and reports a body over `serverActions.bodySizeLimit` as a 500. Here they are
 * 403 and 413 before any action runs. Every POST to a page is a possible action (a fetch with `Next-Action`,
 * which may even be empty, or a no-JavaScript multipart form), so all of them are checked.
 */
export async function proxy(request: NextRequest): Promise<NextResponse | Response> {
  if (request.method === 'POST') {
    try {
      assertSameOrigin(request.headers, request.method);
      await throwIfBodyTooLarge(request);
    } catch (error) {
      if (!isAppError(error)) throw error;
      // The shape of server/route.ts's errorResponse, which is not imported: it would bring the session, the
      // database client and next-auth into the proxy's bundle.
      return Response.json(
        { ok: false, error: { code: error.code, message: error.userMessage } },
        { status: error.status, headers: { 'Cache-Control': 'no-store' } },
      );
    }
  }
  const security = pageSecurityHeaders({ dev: process.env.NODE_ENV === 'development' });
  // The policy also goes on the request: Next.js takes the nonce for its own script tags from there.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', security['Content-Security-Policy']);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value);
  return response;
}

async function throwIfBodyTooLarge(request: NextRequest): Promise<void> {
  // Node has already refused a malformed Content-Length, and reads no more than it says.
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (Number(declared) > ACTION_BODY_LIMIT_BYTES) throw bodyTooLarge(ACTION_BODY_LIMIT_BYTES);
    return;
  }
  // A chunked body: counted as it comes. Next.js buffers up to twice the limit for us (next.config.ts), so a
  // body over the limit always shows more than the limit here and is refused — never handed on cut short.
  // What is left unread is within that same bound.
  const reader = request.body?.getReader();
  if (!reader) return;
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > ACTION_BODY_LIMIT_BYTES) throw bodyTooLarge(ACTION_BODY_LIMIT_BYTES);
  }
}

export const config = {
  // Pages only: route handlers (/api/…, uploads among them) take their own bodies, unbuffered by the proxy,
  // and set their own headers (the e-mail body frames have a CSP of their own).
  matcher: ['/((?!api/|_next/static/|_next/image).*)'],
};
