import { headers } from 'next/headers';
import { publicUrl } from '@/lib/public-url';
import { requestOrigin } from './request-origin';

/**
 * The base of links Mailroom puts in mails and shows to admins: the configured public URL, or, when the
 * operator set none, the origin this request came to. Set MAILROOM_PUBLIC_URL in production: a Host header
 * is whatever the client sent, and a reset link must not point at someone else's host.
 */
export async function linkBaseUrl(): Promise<string> {
  const configured = publicUrl();
  if (configured) return configured.origin;
  return requestOrigin(new Request('http://localhost/', { headers: await headers() }));
}
