import { describe, expect, it, vi } from 'vitest';
import type { ResolvedSession } from '@/lib/auth/sessions';

// The request config as next-intl calls it on the server, with the request context replaced: the session of
// the user under test, and the browser's Accept-Language.
const current: { session: ResolvedSession | null } = { session: null };
vi.mock('next-intl/server', () => ({ getRequestConfig: <T>(create: T) => create }));
vi.mock('next/headers', () => ({ headers: async () => new Headers({ 'accept-language': 'en' }) }));
vi.mock('@/server/session', () => ({ getCurrentSession: async () => current.session }));

type Config = { locale: string; timeZone?: string; now?: Date; messages?: unknown };
const requestConfig = async (): Promise<Config> => {
  const create = (await import('./request')).default as unknown as (params: {
    requestLocale: Promise<string | undefined>;
  }) => Promise<Config>;
  return create({ requestLocale: Promise.resolve(undefined) });
};

const sessionWithZone = (timeZone: string | null) =>
  ({ user: { locale: 'en', timeZone }, org: {} }) as unknown as ResolvedSession;

describe('next-intl request config', () => {
  it('always names a time zone and a now, so next-intl never falls back to the environment', async () => {
    const before = Date.now();
    for (const session of [null, sessionWithZone(null)]) {
      current.session = session;
      const config = await requestConfig();
      // Before sign-in, and before the browser's first heartbeat reported its zone.
      expect(config.timeZone).toBe('UTC');
      expect(config.now).toBeInstanceOf(Date);
      expect(config.now!.getTime()).toBeGreaterThanOrEqual(before);
      expect(config.now!.getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  it("uses the zone the user's browser reported, and UTC for a stored value that is not a zone", async () => {
    current.session = sessionWithZone('Europe/Paris');
    expect((await requestConfig()).timeZone).toBe('Europe/Paris');
    current.session = sessionWithZone('Not/AZone');
    expect((await requestConfig()).timeZone).toBe('UTC');
  });
});
