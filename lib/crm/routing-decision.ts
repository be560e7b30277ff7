import type { CrmReasonSentence, CrmRoutingDecision } from '@/db/schema';
import type { CrmTarget } from './find-crm-target';
import { englishRoutingReason } from './routing-reason';

export type SyncRoutingInput = {
  /** Null: nobody knows the sender and a lead is being created for them. */
  target: CrmTarget | null;
  address: string;
  routeToManager: boolean;
  mailboxOwnerId: string | null;
  userNames: ReadonlyMap<string, string>;
};

/** A decision whose reason is catalogue sentences (worded for each reader) and their English. */
export function routingDecision(
  rule: CrmRoutingDecision['rule'],
  why: CrmReasonSentence[],
  assignedToUserId: string | null,
): CrmRoutingDecision {
  return { rule, reason: englishRoutingReason(why), why, assignedToUserId };
}

/**
 * Who an activity made by the sync is assigned to, and why, stored with the activity (shown on it as "routed
 * to … because …"): two sentences of `crm.activity.reasons`, who the sender is and who got it. With routing on,
 * a known client's mail goes to that client's responsible manager; otherwise, and when the client has none, to
 * the mailbox's owner.
 */
export function syncRoutingDecision(input: SyncRoutingInput): CrmRoutingDecision {
  // A user deleted since is named as such in the reader's language.
  const nameOf = (userId: string) => input.userNames.get(userId) ?? { key: 'formerColleague' };
  const owner = input.mailboxOwnerId;
  const { target, address } = input;

  if (target === null) {
    return routingDecision(
      'new_lead',
      [
        { key: 'who.newLead', values: { address } },
        owner ? { key: 'then.owner', values: { name: nameOf(owner) } } : { key: 'then.noOwner' },
      ],
      owner,
    );
  }
  const record = target.kind === 'contact' ? target.contact : target.lead;
  const rule =
    target.kind === 'contact' ? 'known_contact' : target.via === 'conversation' ? 'conversation' : 'known_lead';
  const who: CrmReasonSentence =
    target.kind === 'contact'
      ? { key: 'who.contact', values: { address, name: target.contact.name } }
      : target.via === 'sender'
        ? { key: 'who.lead', values: { address, title: target.lead.title } }
        : { key: 'who.conversation', values: { address, title: target.lead.title } };

  if (!input.routeToManager) {
    return routingDecision(
      rule,
      [who, owner ? { key: 'then.routingOff', values: { name: nameOf(owner) } } : { key: 'then.routingOffNoOwner' }],
      owner,
    );
  }
  if (record.responsibleUserId === null) {
    return routingDecision(
      rule,
      [who, owner ? { key: 'then.noManager', values: { name: nameOf(owner) } } : { key: 'then.noManagerNoOwner' }],
      owner,
    );
  }
  return routingDecision(
    rule,
    [who, { key: 'then.manager', values: { name: nameOf(record.responsibleUserId) } }],
    record.responsibleUserId,
  );
}
