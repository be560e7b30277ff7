import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { cookies } from 'next/headers';
import { getDb } from '@/db/client';
import {
  DEVICE_COOKIE_MAX_AGE_S,
  deviceCookieName,
  signDeviceCookie,
  verifyDeviceCookie,
} from '@/lib/auth/device-cookie';
import { createSession, endSession, SESSION_TTL_MS } from '@/lib/auth/sessions';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { publicUrlIsHttps } from '@/lib/public-url';
import { notifyNewSignIn } from '@/lib/system-mail/new-sign-in-notice';
import { clientAddress } from './client-address';

declare module 'next-auth' {
  interface User {
    sessionId?: string;
  }
}
declare module '@auth/core/jwt' {
  interface JWT {
    sid?: string;
  }
}

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

// A refusal's code for the sign-in form: the AppError code, or what the second step needs ('two_factor_required',
// 'invalid_code', 'invalid_recovery_code').
function refusalCode(error: unknown): string | undefined {
  if (!isAppError(error)) return undefined;
  const twoFactor = error.details?.twoFactor;
  if (twoFactor === 'required') return 'two_factor_required';
  return typeof twoFactor === 'string' ? twoFactor : error.code;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

// next-auth only supports JWT sessions with credentials. The token carries nothing but the id of a row in
// auth_sessions (lib/auth/sessions), which is checked on every request: sign-out and deactivation are
// immediate, not deferred until the token expires. server/session.ts reads that id from the token itself;
// /api/auth/session never hands it to page scripts.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: getEnv().authSecret,
  trustHost: true,
  // From the configured public URL: next-auth's default would follow the request's scheme, which a client
  // or a misconfigured proxy decides.
  useSecureCookies: publicUrlIsHttps(),
  session: { strategy: 'jwt', maxAge: SESSION_TTL_MS / 1000 },
  pages: { signIn: '/sign-in', error: '/sign-in' },
  logger: {
    // A refused sign-in is an expected outcome shown to the user, not a server error worth a stack trace.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      process.stderr.write(`[auth] ${error.stack ?? String(error)}\n`);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, code: {}, recoveryCode: {} },
      async authorize(credentials, request) {
        const email = text(credentials.email);
        const secret = getEnv().authSecret;
        const secure = publicUrlIsHttps();
        const cookieStore = await cookies();
        const ip = clientAddress(request.headers);
        const userAgent = request.headers.get('user-agent');
        try {
          const device = verifyDeviceCookie(secret, cookieStore.get(deviceCookieName(secure))?.value, email);
          const secondFactor = {
            code: text(credentials.code) || undefined,
            recoveryCode: text(credentials.recoveryCode) || undefined,
          };
          const user = await verifyCredentials(getDb(), {
            email,
            password: text(credentials.password),
            ip,
            device,
            secondFactor,
          });
          const { sessionId } = await createSession(getDb(), { userId: user.id, orgId: user.orgId, userAgent, ip });
          // The browser is known to this account from now on (a new id if it was not): its failures count apart.
          const cookie = signDeviceCookie(secret, { email: user.email, deviceId: device ?? undefined });
          cookieStore.set(deviceCookieName(secure), cookie.value, {
            httpOnly: true,
            sameSite: 'lax',
            secure,
            path: '/',
            maxAge: DEVICE_COOKIE_MAX_AGE_S,
          });
          if (!device) {
            // Not awaited: a slow or absent mail relay must not hold up or fail the sign-in.
            notifyNewSignIn(getDb(), { userId: user.id, ip: ip === 'unknown' ? null : ip, userAgent }).catch(
              () => undefined,
            );
          }
          return { id: user.id, email: user.email, name: user.name, sessionId };
        } catch (error) {
          const code = refusalCode(error);
          if (code) throw new SignInRefused(code);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.sessionId) token.sid = user.sessionId;
      return token;
    },
    // What /api/auth/session returns to page scripts: name, e-mail and expiry as next-auth builds them, never
    // the session id from the token (server/session.ts reads that from the HttpOnly cookie itself).
    session({ session }) {
      return session;
    },
  },
  events: {
    async signOut(message) {
      const sid = 'token' in message ? message.token?.sid : undefined;
      if (sid) await endSession(getDb(), { sessionId: sid });
    },
  },
}));
