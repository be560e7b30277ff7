import { AppError } from '@/lib/errors';

/**
 * Mutations must come from our own pages: a cross-site form or fetch carries a foreign Origin. A missing or
 * "null" Origin is refused too (privacy modes, sandboxed frames, file:// pages) — Next.js itself lets a
 * server action without Origin through, which is why this check exists.
 */
export function assertSameOrigin(headers: Headers, method: string): void {
  if (method === 'GET' || method === 'HEAD') return;
  const origin = headers.get('origin');
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!origin || origin === 'null' || !host || originHost(origin) !== host) {
    throw new AppError('forbidden', { message: `Cross-site ${method} refused (origin ${origin ?? 'none'})`, userMessage: 'This request did not come from a Mailroom page.' });
  }
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
