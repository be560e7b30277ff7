import { AppError } from '../errors';
import type { Actor } from './actor';

/**
 * Admin-only operations on an organization. A user of another organization gets not_found, never forbidden,
 * so ids of other organizations cannot be probed.
 */
export function assertOrgAdmin(actor: Actor, orgId: string): void {
  if (actor.kind !== 'user') return;
  if (actor.orgId !== orgId)
    throw new AppError('not_found', { message: `Actor ${actor.userId} is not in org ${orgId}` });
  if (actor.role !== 'admin') throw new AppError('forbidden', { problem: { key: 'access.adminsOnly' } });
}

export function assertSameOrg(actor: Actor, orgId: string): void {
  if (actor.kind === 'user' && actor.orgId !== orgId) {
    throw new AppError('not_found', { message: `Actor ${actor.userId} is not in org ${orgId}` });
  }
}
