import type { DbOrTx } from '@/db/client';
import { auditLog } from '@/db/schema';
import type { Actor } from '../access/actor';
import type { AuditAction } from './audit-actions';

export type AuditInput = {
  orgId: string;
  actor: Actor;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
};

/** Written inside the caller's transaction, so an action and its audit entry commit together. */
export async function writeAuditEntry(db: DbOrTx, input: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    orgId: input.orgId,
    actorKind: input.actor.kind,
    actorUserId: input.actor.kind === 'user' ? input.actor.userId : null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    data: input.data ?? {},
  });
}
