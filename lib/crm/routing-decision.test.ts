import { describe, expect, it } from 'vitest';
import type { CrmContact, CrmLead } from '@/db/schema';
import { syncRoutingDecision, type SyncRoutingInput } from './routing-decision';

const names = new Map([
  ['owner', 'Olivia Owner'],
  ['manager', 'Bob Manager'],
]);
const contact = { id: 'c1', name: 'Ada Lovelace', responsibleUserId: 'manager' } as CrmContact;
const lead = { id: 'l1', title: 'Quote request', responsibleUserId: null } as CrmLead;
const decide = (overrides: Partial<SyncRoutingInput>) =>
  syncRoutingDecision({
    target: null,
    address: 'ada@client.test',
    routeToManager: true,
    mailboxOwnerId: 'owner',
    userNames: names,
    ...overrides,
  });

describe('syncRoutingDecision', () => {
  it('routes a known contact to its manager when routing is on', () => {
    expect(decide({ target: { kind: 'contact', contact } })).toEqual({
      rule: 'known_contact',
      reason: 'Sender ada@client.test is the contact Ada Lovelace; routed to the responsible manager Bob Manager.',
      assignedToUserId: 'manager',
    });
  });

  it('keeps mail with the mailbox owner when routing is off or nobody is responsible', () => {
    expect(decide({ target: { kind: 'contact', contact }, routeToManager: false })).toEqual({
      rule: 'known_contact',
      reason:
        'Sender ada@client.test is the contact Ada Lovelace; routing to the responsible manager is off for this mailbox, so it is assigned to the mailbox owner Olivia Owner.',
      assignedToUserId: 'owner',
    });
    expect(decide({ target: { kind: 'lead', lead, via: 'sender' } })).toMatchObject({
      rule: 'known_lead',
      assignedToUserId: 'owner',
      reason: expect.stringMatching(/without a responsible manager; assigned to the mailbox owner Olivia Owner/),
    });
  });

  it('names the conversation and the new lead', () => {
    expect(
      decide({ target: { kind: 'lead', lead: { ...lead, responsibleUserId: 'manager' }, via: 'conversation' } }),
    ).toMatchObject({
      rule: 'conversation',
      reason:
        'The e-mail from ada@client.test is part of the conversation of the lead “Quote request”; routed to the responsible manager Bob Manager.',
      assignedToUserId: 'manager',
    });
    expect(decide({ mailboxOwnerId: null })).toEqual({
      rule: 'new_lead',
      reason:
        'Unknown sender ada@client.test: a new lead was created and the mailbox has no owner, so nobody is assigned.',
      assignedToUserId: null,
    });
  });
});
