import type { CrmRoutingDecision } from '@/db/schema';
import type { CrmTarget } from './find-crm-target';

export type SyncRoutingInput = {
  /** Null: nobody knows the sender and a lead is being created for them. */
  target: CrmTarget | null;
  address: string;
  routeToManager: boolean;
  mailboxOwnerId: string | null;
  userNames: ReadonlyMap<string, string>;
};

/**
 * Who an activity made by the sync is assigned to, and why, in words stored with the activity (shown on it
 * as "routed to … because …"). With routing on, a known client's mail goes to that client's responsible
 * manager; otherwise, and when the client has none, to the mailbox's owner.
 */
export function syncRoutingDecision(input: SyncRoutingInput): CrmRoutingDecision {
  const nameOf = (userId: string) => input.userNames.get(userId) ?? 'a former colleague';
  const toOwner = input.mailboxOwnerId
    ? `assigned to the mailbox owner ${nameOf(input.mailboxOwnerId)}`
    : 'the mailbox has no owner, so nobody is assigned';
  const { target } = input;

  if (target === null) {
    return {
      rule: 'new_lead',
      reason: `Unknown sender ${input.address}: a new lead was created and ${toOwner}.`,
      assignedToUserId: input.mailboxOwnerId,
    };
  }
  const record = target.kind === 'contact' ? target.contact : target.lead;
  const rule =
    target.kind === 'contact' ? 'known_contact' : target.via === 'conversation' ? 'conversation' : 'known_lead';
  const who =
    target.kind === 'contact'
      ? `Sender ${input.address} is the contact ${target.contact.name}`
      : target.via === 'sender'
        ? `Sender ${input.address} is the lead “${target.lead.title}”`
        : `The e-mail from ${input.address} is part of the conversation of the lead “${target.lead.title}”`;

  if (!input.routeToManager) {
    return {
      rule,
      reason: `${who}; routing to the responsible manager is off for this mailbox, so it is ${toOwner}.`,
      assignedToUserId: input.mailboxOwnerId,
    };
  }
  if (record.responsibleUserId === null) {
    return {
      rule,
      reason: `${who}, without a responsible manager; ${toOwner}.`,
      assignedToUserId: input.mailboxOwnerId,
    };
  }
  return {
    rule,
    reason: `${who}; routed to the responsible manager ${nameOf(record.responsibleUserId)}.`,
    assignedToUserId: record.responsibleUserId,
  };
}
