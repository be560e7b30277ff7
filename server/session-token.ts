import { getToken } from 'next-auth/jwt';
import type { DbOrTx } from '@/db/client';
import { resolveSession, type ResolvedSession } from '@/lib/auth/sessions';
import { getEnv } from '@/lib/env';
import { publicUrlIsHttps } from '@/lib/public-url';

/** Decoded tokens one process keeps (see createSessionTokenReader). */
export const MAX_DECODED_TOKENS = 10_000;

type TokenParams = { req: { headers: Headers }; secret: string; secureCookie: boolean };

export type SessionTokenReader = {
  /** The session id in the request's next-auth cookie, or null (no cookie, not ours, expired). */
  sessionIdOf: (cookie: string) => Promise<string | null>;
  /** Tokens kept now (tests). */
  size: () => number;
};

/**
 * Decrypting the token (a key derivation, a JWK thumbprint, AES and HMAC) cost about as much as the session
 * row's look-up on every API request, and a token's content never changes: what it decrypted to is kept, per
 * process, until the token expires, for at most `maxTokens` tokens (the oldest goes first). Requests that
 * arrive together with a token not seen yet share one decryption. Only tokens that decrypted are kept: made-up
 * ones cost their sender, and cannot push real ones out. The token says which session it is, never whether
 * that session still holds: sessionOfCookie checks the row on every request.
 */
export function createSessionTokenReader(
  options: { maxTokens?: number; secret?: () => string; secureCookie?: () => boolean } = {},
): SessionTokenReader {
  const maxTokens = options.maxTokens ?? MAX_DECODED_TOKENS;
  const secret = options.secret ?? (() => getEnv().authSecret);
  const secureCookie = options.secureCookie ?? publicUrlIsHttps;
  const decoded = new Map<string, { sessionId: string; expiresAtMs: number }>();
  const decoding = new Map<string, Promise<string | null>>();

  async function decode(raw: string, params: TokenParams): Promise<string | null> {
    const token = await getToken({ ...params, raw: false });
    const sessionId = typeof token?.sid === 'string' ? token.sid : null;
    if (sessionId && typeof token?.exp === 'number') {
      if (decoded.size >= maxTokens) decoded.delete(decoded.keys().next().value as string);
      decoded.set(raw, { sessionId, expiresAtMs: token.exp * 1000 });
    }
    return sessionId;
  }

  return {
    async sessionIdOf(cookie) {
      const params: TokenParams = {
        req: { headers: new Headers({ cookie }) },
        secret: secret(),
        secureCookie: secureCookie(),
      };
      const raw = await getToken({ ...params, raw: true });
      if (!raw) return null;
      const known = decoded.get(raw);
      if (known && known.expiresAtMs > Date.now()) return known.sessionId;
      if (known) decoded.delete(raw);
      let pending = decoding.get(raw);
      if (!pending) {
        pending = decode(raw, params).finally(() => decoding.delete(raw));
        decoding.set(raw, pending);
      }
      return pending;
    },
    size: () => decoded.size,
  };
}

const sharedReader = createSessionTokenReader();

/** The session behind a request's cookie, checked against its row: ended, expired and deactivated refuse. */
export async function sessionOfCookie(
  db: DbOrTx,
  cookie: string,
  reader: SessionTokenReader = sharedReader,
): Promise<ResolvedSession | null> {
  const sessionId = await reader.sessionIdOf(cookie);
  return sessionId ? resolveSession(db, { sessionId }) : null;
}
