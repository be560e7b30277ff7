import type { UserRole } from '@/db/schema';

/**
 * Who performs an operation. Every lib operation takes one and checks it itself; the CLI and system jobs act
 * with operator rights (whoever runs the CLI already controls the server and its database).
 */
export type Actor =
  | { kind: 'user'; userId: string; orgId: string; role: UserRole }
  | { kind: 'cli' }
  | { kind: 'system' }
  | { kind: 'cron' };

export const cliActor: Actor = { kind: 'cli' };
export const systemActor: Actor = { kind: 'system' };
