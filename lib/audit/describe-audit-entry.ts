import type { auditActions } from './audit-actions';

export type DescribableEntry = {
  action: string;
  actorName: string | null;
  actorKind: string;
  data: Record<string, unknown>;
};

const str = (value: unknown, fallback = '?') =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : fallback;

/**
 * One plain sentence per audit entry, for the page and the CSV. Pure: what was recorded is all it knows. An
 * action missing from the catalogue (an older or newer version wrote it) falls back to its raw name.
 */
export function describeAuditEntry(entry: DescribableEntry): string {
  const who =
    entry.actorName ??
    (entry.actorKind === 'user'
      ? 'A deleted user'
      : entry.actorKind === 'cli'
        ? 'The command line'
        : entry.actorKind === 'cron'
          ? 'The scheduler'
          : 'Mailroom');
  const d = entry.data;
  const mailbox = str(d.email);
  switch (entry.action as keyof typeof auditActions) {
    case 'organization.created':
      return `${who} created the organization`;
    case 'plan.changed':
      return `${who} changed the plan from ${str(d.from)} to ${str(d.to)}`;
    case 'retention.purge':
      return `${who} purged old local copies: ${str(d.deleted, '0')} deleted, ${str(d.hidden, '0')} hidden, ${str(d.keptForTasks, '0')} kept for tasks`;
    case 'user.created':
      return `${who} created the ${str(d.role, 'employee')} ${str(d.email)}`;
    case 'user.role_changed':
      return `${who} changed ${str(d.email)} from ${str(d.from)} to ${str(d.to)}`;
    case 'user.deactivated':
      return `${who} deactivated ${str(d.email)}`;
    case 'user.reactivated':
      return `${who} reactivated ${str(d.email)}`;
    case 'user.invited':
      return `${who} ${d.again ? 're-sent the invitation to' : 'invited'} the ${str(d.role, 'employee')} ${str(d.email)}`;
    case 'user.invitation_accepted':
      return `${who} accepted the invitation and set a password`;
    case 'user.password_reset':
      return d.direct ? `${who} set a new password for ${str(d.email)}` : `${who} reset their password with a link`;
    case 'user.password_changed':
      return d.forced
        ? `${who} replaced their temporary password with their own`
        : `${who} changed their password (${str(d.sessionsEnded, '0')} other sessions signed out)`;
    case 'user.temporary_password_set':
      return `${who} set a temporary password for ${str(d.email)}, to be changed at the next sign-in`;
    case 'user.two_factor_enabled':
      return `${who} turned on two-factor sign-in for ${str(d.email)}`;
    case 'user.two_factor_disabled':
      return `${who} turned off two-factor sign-in for ${str(d.email)}`;
    case 'organization.two_factor_required':
      return d.required
        ? `${who} required two-factor sign-in for everyone`
        : `${who} stopped requiring two-factor sign-in`;
    case 'user.sessions_ended':
      return `${who} signed ${str(d.email)} out everywhere (${str(d.sessionsEnded, '0')} sessions)`;
    case 'mailbox.connected':
      return `${who} connected ${mailbox}`;
    case 'mailbox.reconnected':
      return `${who} entered a new password for ${mailbox}`;
    case 'mailbox.updated':
      return `${who} changed the settings of ${mailbox}${Array.isArray(d.changed) ? ` (${d.changed.join(', ')})` : ''}`;
    case 'mailbox.servers_updated':
      return `${who} changed the servers of ${mailbox}`;
    case 'mailbox.folders_updated':
      return `${who} chose the folders synced for ${mailbox}`;
    case 'mailbox.disabled':
      return `${who} disabled ${mailbox}`;
    case 'mailbox.enabled':
      return `${who} enabled ${mailbox}`;
    case 'mailbox.removed':
      return `${who} removed ${mailbox} from Mailroom`;
    case 'mailbox.owner_changed':
      return `${who} gave ${mailbox} to ${str(d.toEmail)}${d.fromEmail ? ` (was ${str(d.fromEmail)})` : ''}`;
    case 'mailbox.owner_departed_disconnected':
      return `${who} disconnected ${mailbox}: its owner ${str(d.owner)} left more than 30 days ago`;
    case 'mailbox.access_granted':
      return d.previousLevel
        ? `${who} changed ${str(d.userEmail)}'s access to ${mailbox} from ${str(d.previousLevel)} to ${str(d.level)}`
        : `${who} gave ${d.self ? 'themselves' : str(d.userEmail)} ${str(d.level)} access to ${mailbox}`;
    case 'mailbox.access_revoked':
      return `${who} removed ${d.self ? 'their own' : `${str(d.userEmail)}'s`} access to ${mailbox}`;
    case 'message.opened_shared':
      return `${who} opened “${str(d.subject, '(no subject)')}” from ${str(d.from, 'an unknown sender')} in ${str(d.mailboxEmail)}`;
    default:
      return `${who}: ${entry.action}`;
  }
}
