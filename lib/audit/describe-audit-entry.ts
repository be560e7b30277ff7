import type { auditActions } from './audit-actions';

export type DescribableEntry = {
  action: string;
  actorName: string | null;
  actorKind: string;
  data: Record<string, unknown>;
};

/**
 * A word taken from the reader's catalogue when the entry is worded (an actor's role in the log, a plan's name,
 * a field's label): `key` is a full catalogue key, `fallback` what is shown if a catalogue lacks it.
 */
export type AuditLabel = { label: string; values?: Record<string, number>; fallback: string };
/** A list of labels is worded as the reader's language joins them ("A, B and C"). */
export type AuditValue = string | number | AuditLabel | AuditLabel[];

/**
 * What an audit entry says, as a key of the `audit.entries` catalogue namespace and its ICU values: words are
 * chosen when a person reads it (the page, the CSV), in their language, not when the entry is written.
 */
export type AuditDescription = { key: string; values: Record<string, AuditValue> };

const str = (value: unknown, fallback = '?') =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : fallback;
const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : Number(value) || 0);
const yesNo = (value: unknown) => (value ? 'yes' : 'no');
// Roles and access levels are ICU select options: a role other than admin is an employee's; an unknown level
// (a newer version wrote it) takes `other`, which shows it as recorded.
const role = (value: unknown) => (value === 'admin' ? 'admin' : 'employee');
const level = (value: unknown) => str(value, '');

/** Who did it, when the log has no name for them: a user deleted since, the CLI, the scheduler or Mailroom. */
export function auditActorLabel(actorKind: string): AuditLabel {
  switch (actorKind) {
    case 'user':
      return { label: 'audit.actors.deletedUser', fallback: 'A deleted user' };
    case 'cli':
      return { label: 'audit.actors.cli', fallback: 'The command line' };
    case 'cron':
      return { label: 'audit.actors.cron', fallback: 'The scheduler' };
    default:
      return { label: 'audit.actors.system', fallback: 'Mailroom' };
  }
}

// Plans are named as the plan picker names them (components/plan-label.ts): "Enterprise 2000" for enterprise-2000.
function planLabel(value: unknown): AuditLabel {
  const plan = str(value);
  const enterprise = /^enterprise-(\d+)$/.exec(plan);
  return enterprise
    ? { label: 'plans.enterprise', values: { size: Number(enterprise[1]) }, fallback: plan }
    : { label: `plans.${plan}`, fallback: plan };
}

// The mailbox fields update-mailbox-profile records, by the label its form gives them.
const fieldLabels: Record<string, string> = {
  displayName: 'mailboxEdit.displayName',
  senderName: 'mailboxEdit.senderName',
  signatureHtml: 'mailboxEdit.signature',
  sendingRoute: 'mailboxEdit.sendingRoute',
};

function fieldList(value: unknown): AuditLabel[] {
  if (!Array.isArray(value)) return [];
  return value.map((field) => {
    const name = str(field);
    const label = fieldLabels[name];
    return label ? { label, fallback: name } : { label: '', fallback: name };
  });
}

/**
 * What one audit entry says, for the page and the CSV. Pure: what was recorded is all it knows. An action
 * missing from the catalogue (an older or newer version wrote it) is named by its raw action name.
 */
export function describeAuditEntry(entry: DescribableEntry): AuditDescription {
  const actor: AuditValue = entry.actorName ?? auditActorLabel(entry.actorKind);
  const d = entry.data;
  const email = str(d.email);
  const mailbox = email;
  switch (entry.action as keyof typeof auditActions) {
    case 'organization.created':
      return { key: 'audit.entries.organization.created', values: { actor } };
    case 'plan.changed':
      return { key: 'audit.entries.plan.changed', values: { actor, from: planLabel(d.from), to: planLabel(d.to) } };
    case 'retention.purge':
      return {
        key: 'audit.entries.retention.purge',
        values: { actor, deleted: count(d.deleted), hidden: count(d.hidden), kept: count(d.keptForTasks) },
      };
    case 'user.created':
      return { key: 'audit.entries.user.created', values: { actor, role: role(d.role), email } };
    case 'user.role_changed':
      return { key: 'audit.entries.user.role_changed', values: { actor, email, from: role(d.from), to: role(d.to) } };
    case 'user.deactivated':
      return { key: 'audit.entries.user.deactivated', values: { actor, email } };
    case 'user.reactivated':
      return { key: 'audit.entries.user.reactivated', values: { actor, email } };
    case 'user.invited':
      return { key: 'audit.entries.user.invited', values: { actor, again: yesNo(d.again), role: role(d.role), email } };
    case 'user.invitation_accepted':
      return { key: 'audit.entries.user.invitation_accepted', values: { actor } };
    case 'user.password_reset':
      return { key: 'audit.entries.user.password_reset', values: { actor, how: d.direct ? 'direct' : 'link', email } };
    case 'user.password_changed':
      return {
        key: 'audit.entries.user.password_changed',
        values: { actor, forced: yesNo(d.forced), sessions: count(d.sessionsEnded) },
      };
    case 'user.temporary_password_set':
      return { key: 'audit.entries.user.temporary_password_set', values: { actor, email } };
    case 'user.two_factor_enabled':
      return { key: 'audit.entries.user.two_factor_enabled', values: { actor, email } };
    case 'user.two_factor_disabled':
      return { key: 'audit.entries.user.two_factor_disabled', values: { actor, email } };
    case 'organization.two_factor_required':
      return { key: 'audit.entries.organization.two_factor_required', values: { actor, required: yesNo(d.required) } };
    case 'user.sessions_ended':
      return { key: 'audit.entries.user.sessions_ended', values: { actor, email, sessions: count(d.sessionsEnded) } };
    case 'mailbox.connected':
      return { key: 'audit.entries.mailbox.connected', values: { actor, mailbox } };
    case 'mailbox.reconnected':
      return { key: 'audit.entries.mailbox.reconnected', values: { actor, mailbox } };
    case 'mailbox.updated': {
      const fields = fieldList(d.changed);
      return {
        key: 'audit.entries.mailbox.updated',
        values: { actor, mailbox, listed: yesNo(fields.length > 0), fields },
      };
    }
    case 'mailbox.servers_updated':
      return { key: 'audit.entries.mailbox.servers_updated', values: { actor, mailbox } };
    case 'mailbox.folders_updated':
      return { key: 'audit.entries.mailbox.folders_updated', values: { actor, mailbox } };
    case 'mailbox.disabled':
      return { key: 'audit.entries.mailbox.disabled', values: { actor, mailbox } };
    case 'mailbox.enabled':
      return { key: 'audit.entries.mailbox.enabled', values: { actor, mailbox } };
    case 'mailbox.removed':
      return { key: 'audit.entries.mailbox.removed', values: { actor, mailbox } };
    case 'mailbox.owner_changed':
      return {
        key: 'audit.entries.mailbox.owner_changed',
        values: {
          actor,
          mailbox,
          toEmail: str(d.toEmail),
          previous: yesNo(d.fromEmail),
          fromEmail: str(d.fromEmail, ''),
        },
      };
    case 'mailbox.owner_departed_disconnected':
      return {
        key: 'audit.entries.mailbox.owner_departed_disconnected',
        values: { actor, mailbox, owner: str(d.owner) },
      };
    case 'mailbox.access_granted':
      return {
        key: 'audit.entries.mailbox.access_granted',
        values: {
          actor,
          mailbox,
          change: d.previousLevel ? 'changed' : d.self ? 'self' : 'granted',
          user: str(d.userEmail),
          level: level(d.level),
          previousLevel: level(d.previousLevel),
        },
      };
    case 'mailbox.access_revoked':
      return {
        key: 'audit.entries.mailbox.access_revoked',
        values: { actor, mailbox, self: yesNo(d.self), user: str(d.userEmail) },
      };
    case 'message.opened_shared':
      return {
        key: 'audit.entries.message.opened_shared',
        values: {
          actor,
          subject: str(d.subject, '') || { label: 'audit.noSubject', fallback: '(no subject)' },
          from: str(d.from, '') || { label: 'audit.unknownSender', fallback: 'an unknown sender' },
          mailbox: str(d.mailboxEmail),
        },
      };
    default:
      return { key: 'audit.entries.unknown', values: { actor, action: entry.action } };
  }
}
