import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { createTestOrg, createTestUser } from '@/test/factories';
import { type Actor, cliActor } from '../../access/actor';
import { DISCOVERY_ATTEMPTS, discoverMailSettings } from './discover-mail-settings';
import { dnsTable } from './test-network';

async function user(): Promise<Actor> {
  const org = await createTestOrg(getDb());
  const created = await createTestUser(getDb(), { orgId: org.id });
  return { kind: 'user', userId: created.id, orgId: org.id, role: 'employee' };
}

// Addresses of the provider table: answered without the network.
const discovery = { dns: dnsTable({}) };

describe('discovering the servers of an address for a user', () => {
  it('answers with the servers found', async () => {
    const actor = await user();
    await expect(discoverMailSettings(getDb(), { email: ' Ann@Yahoo.com ', actor, discovery })).resolves.toMatchObject({
      source: 'provider',
      provider: 'yahoo',
      imap: { host: 'imap.mail.yahoo.com', login: 'ann@yahoo.com' },
    });
  });

  it('refuses what is not an e-mail address with a reason', async () => {
    await expect(
      discoverMailSettings(getDb(), { email: 'not an address', actor: await user(), discovery }),
    ).rejects.toMatchObject({
      code: 'validation',
      details: { fieldErrors: { email: 'Enter a valid email address.' } },
    });
  });

  it(`allows each user ${DISCOVERY_ATTEMPTS.limit} look-ups in ${DISCOVERY_ATTEMPTS.windowMs / 60_000} minutes`, async () => {
    const actor = await user();
    for (let i = 0; i < DISCOVERY_ATTEMPTS.limit; i++)
      await discoverMailSettings(getDb(), { email: `a${i}@gmail.com`, actor, discovery });
    await expect(discoverMailSettings(getDb(), { email: 'b@gmail.com', actor, discovery })).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      userMessage: expect.stringContaining('Too many server look-ups (at most 30 in 10 minutes)'),
    });
    // Another user has an allowance of their own; the operator has none to use up.
    await expect(
      discoverMailSettings(getDb(), { email: 'b@gmail.com', actor: await user(), discovery }),
    ).resolves.toMatchObject({ source: 'provider' });
    await expect(
      discoverMailSettings(getDb(), { email: 'b@gmail.com', actor: cliActor, discovery }),
    ).resolves.toMatchObject({
      source: 'provider',
    });
  });
});
