import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import type { CrmContact, CrmLead } from '@/db/schema';
import { loadCatalogue } from '../i18n/catalogue';
import { syncRoutingDecision, type SyncRoutingInput } from './routing-decision';
import { type ReasonTranslator, wordRoutingReason } from './routing-reason';

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

/** What the activity timeline's getTranslations('crm.activity.reasons') gives, in French. */
async function frenchReasons(): Promise<ReasonTranslator> {
  const translate = createTranslator({
    locale: 'fr',
    messages: await loadCatalogue('fr'),
    namespace: 'crm.activity.reasons' as never,
  });
  return Object.assign((key: string, values?: Record<string, string>) => translate(key as never, values as never), {
    has: (key: string) => translate.has(key as never),
  });
}

describe('syncRoutingDecision', () => {
  it('routes a known contact to its manager when routing is on', () => {
    expect(decide({ target: { kind: 'contact', contact } })).toEqual({
      rule: 'known_contact',
      reason: 'Sender ada@client.test is the contact Ada Lovelace. Routed to the responsible manager Bob Manager.',
      why: [
        { key: 'who.contact', values: { address: 'ada@client.test', name: 'Ada Lovelace' } },
        { key: 'then.manager', values: { name: 'Bob Manager' } },
      ],
      assignedToUserId: 'manager',
    });
  });

  it('keeps mail with the mailbox owner when routing is off or nobody is responsible', () => {
    expect(decide({ target: { kind: 'contact', contact }, routeToManager: false })).toMatchObject({
      rule: 'known_contact',
      reason:
        'Sender ada@client.test is the contact Ada Lovelace. Routing to the responsible manager is off for this mailbox, so it is assigned to the mailbox owner Olivia Owner.',
      assignedToUserId: 'owner',
    });
    expect(decide({ target: { kind: 'lead', lead, via: 'sender' } })).toMatchObject({
      rule: 'known_lead',
      assignedToUserId: 'owner',
      reason: expect.stringMatching(
        /Nobody is responsible for it, so it is assigned to the mailbox owner Olivia Owner/,
      ),
    });
  });

  it('names the conversation and the new lead, and a user gone since as a former colleague', () => {
    expect(
      decide({ target: { kind: 'lead', lead: { ...lead, responsibleUserId: 'manager' }, via: 'conversation' } }),
    ).toMatchObject({
      rule: 'conversation',
      reason:
        'The e-mail from ada@client.test is part of the conversation of the lead “Quote request”. Routed to the responsible manager Bob Manager.',
      assignedToUserId: 'manager',
    });
    expect(decide({ mailboxOwnerId: null })).toMatchObject({
      rule: 'new_lead',
      reason:
        'Unknown sender ada@client.test: a new lead was created. The mailbox has no owner, so nobody is assigned.',
      assignedToUserId: null,
    });
    expect(decide({ mailboxOwnerId: 'gone' }).reason).toBe(
      'Unknown sender ada@client.test: a new lead was created. It is assigned to the mailbox owner a former colleague.',
    );
  });

  it('is worded in the reader’s language when shown; an activity stored before keeps its English', async () => {
    const fr = await frenchReasons();
    expect(wordRoutingReason(decide({ target: { kind: 'contact', contact } }), fr)).toBe(
      'L’expéditeur ada@client.test est le contact Ada Lovelace. Attribué au responsable Bob Manager.',
    );
    expect(wordRoutingReason(decide({ target: { kind: 'lead', lead, via: 'sender' }, mailboxOwnerId: null }), fr)).toBe(
      'L’expéditeur ada@client.test est le prospect «\u00a0Quote request\u00a0». Il n’a pas de responsable et la boîte mail n’a pas de propriétaire, il n’est donc attribué à personne.',
    );
    expect(wordRoutingReason(decide({ mailboxOwnerId: 'gone' }), fr)).toBe(
      'Expéditeur inconnu ada@client.test\u00a0: un nouveau prospect a été créé. Il est attribué au propriétaire de la boîte mail, un ancien collègue.',
    );
    const stored = { reason: 'Sender x@y.test is the contact X; routed to the responsible manager Bob.' };
    expect(wordRoutingReason(stored, fr)).toBe(stored.reason);
    // A sentence this catalogue lacks (a newer version stored it) is not shown as a key.
    expect(wordRoutingReason({ reason: 'English', why: [{ key: 'who.future' }] }, fr)).toBe('English');
  });
});
