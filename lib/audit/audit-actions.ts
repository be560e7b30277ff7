/**
 * Every action the audit log records, in one place: writers use these names and Settings → Audit filters
 * and describes them. The group is what the page's filter offers.
 */
export const auditActions = {
  'organization.created': 'organization',
  'plan.changed': 'organization',
  'retention.purge': 'organization',
  'user.created': 'users',
  'user.role_changed': 'users',
  'user.deactivated': 'users',
  'user.reactivated': 'users',
  'user.invited': 'users',
  'user.invitation_accepted': 'users',
  'user.password_reset': 'users',
  'user.password_changed': 'users',
  'user.temporary_password_set': 'users',
  'user.sessions_ended': 'users',
  'user.two_factor_enabled': 'users',
  'user.two_factor_disabled': 'users',
  'organization.two_factor_required': 'organization',
  'mailbox.connected': 'mailboxes',
  'mailbox.reconnected': 'mailboxes',
  'mailbox.updated': 'mailboxes',
  'mailbox.servers_updated': 'mailboxes',
  'mailbox.folders_updated': 'mailboxes',
  'mailbox.disabled': 'mailboxes',
  'mailbox.enabled': 'mailboxes',
  'mailbox.removed': 'mailboxes',
  'mailbox.owner_changed': 'mailboxes',
  'mailbox.owner_departed_disconnected': 'mailboxes',
  'mailbox.access_granted': 'access',
  'mailbox.access_revoked': 'access',
  'message.opened_shared': 'access',
} as const;

export type AuditAction = keyof typeof auditActions;
export type AuditGroup = (typeof auditActions)[AuditAction];
export const auditGroups = ['access', 'mailboxes', 'users', 'organization'] as const satisfies readonly AuditGroup[];
