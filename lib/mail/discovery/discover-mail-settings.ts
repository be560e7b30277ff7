import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import type { Actor } from '../../access/actor';
import { takeRateLimit } from '../../rate-limit';
import { emailSchema, parseInput } from '../../validation';
import { discoverServers } from './discover-servers';
import type { DiscoveryOptions, DiscoveryResult } from './discovery-types';

export const DISCOVERY_ATTEMPTS = { limit: 30, windowMs: 10 * 60_000 } as const;

const inputSchema = z.object({ email: emailSchema });

/**
 * The servers of an address for the connect form. Any signed-in user may ask (it reads public DNS and public
 * web servers only and logs in nowhere), but each question makes this server send DNS queries, HTTP requests
 * and TCP connections to hosts the user names, so users are counted per person (DISCOVERY_ATTEMPTS). The
 * operator (CLI) is not limited.
 */
export async function discoverMailSettings(
  db: DbOrTx,
  options: { email: string; actor: Actor; discovery?: DiscoveryOptions },
): Promise<DiscoveryResult> {
  const { email } = parseInput(inputSchema, { email: options.email });
  if (options.actor.kind === 'user')
    await takeRateLimit(db, {
      key: `mail-discovery:${options.actor.userId}`,
      ...DISCOVERY_ATTEMPTS,
      problem: {
        key: 'mailbox.discoveryRateLimited',
        values: { limit: DISCOVERY_ATTEMPTS.limit, minutes: DISCOVERY_ATTEMPTS.windowMs / 60_000 },
      },
    });
  return discoverServers(email, options.discovery);
}
