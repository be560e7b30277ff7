import { NextRequest } from 'next/server';
import { handlers } from '@/server/auth';
import { readBodyBytes } from '@/server/read-body';
import { errorResponse } from '@/server/route';

// Auth.js reads a JSON or form body whole before looking at it, on an endpoint open to everyone. Its forms
// (sign-in, sign-out) hold a CSRF token, an e-mail, a password and a callback URL: a few kB at most.
const AUTH_BODY_LIMIT = 64_000;

export const GET = handlers.GET;

export async function POST(request: NextRequest): Promise<Response> {
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBodyBytes(request, { limit: AUTH_BODY_LIMIT });
  } catch (error) {
    return errorResponse(error);
  }
  return handlers.POST(new NextRequest(request.url, { method: request.method, headers: request.headers, body }));
}
