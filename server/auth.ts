import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db/client';
import { createSession, endSession, SESSION_TTL_MS } from '@/lib/auth/sessions';
import { verifyCredentials } from '@/lib/auth/verify-credentials';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';

declare module 'next-auth' {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sid?: string;
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

// next-auth only supports JWT sessions with credentials. The token carries nothing but the id of a row in
// auth_sessions (lib/auth/sessions), which is checked on every request: sign-out and deactivation are
// immediate, not deferred until the token expires.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: getEnv().authSecret,
  trustHost: true,
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
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const email = typeof credentials.email === 'string' ? credentials.email : '';
        const password = typeof credentials.password === 'string' ? credentials.password : '';
        try {
          // The app sits on loopback or behind a proxy that sets X-Forwarded-For; its first entry is the client.
          const ip = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.headers.get('x-real-ip') || 'unknown';
          const user = await verifyCredentials(getDb(), { email, password, ip });
          const { sessionId } = await createSession(getDb(), { userId: user.id, orgId: user.orgId, userAgent: request.headers.get('user-agent') });
          return { id: user.id, email: user.email, name: user.name, sessionId };
        } catch (error) {
          if (isAppError(error)) throw new SignInRefused(error.code);
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
    session({ session, token }) {
      session.sid = token.sid;
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
