import { describe, expect, it } from 'vitest';
import type { ConversationListItem } from '@/lib/mail/webmail/list-conversations';
import { conversationRowView, participantsLabel } from './row-view';

const own = 'me@office.example.test';
const alice = { name: 'Alice Archer', address: 'alice@client.example.test' };
const bob = { name: '', address: 'bob@client.example.test' };
const me = { name: 'Eve Employee', address: 'ME@office.example.test' };

describe('participantsLabel', () => {
  it('uses first names, the local part without a name, and "me" for the mailbox', () => {
    expect(participantsLabel([alice, bob, me], own, 'me')).toBe('Alice, bob, me');
  });

  it('names a single participant in full, or "me"', () => {
    expect(participantsLabel([alice], own, 'me')).toBe('Alice Archer');
    expect(participantsLabel([me], own, 'moi')).toBe('moi');
  });

  it('shows each name once and cuts long lists', () => {
    const many = ['Ann A', 'Ben B', 'Cid C', 'Dan D'].map((name, i) => ({ name, address: `${i}@x.test` }));
    expect(participantsLabel([alice, { ...alice, address: 'other@x.test' }], own, 'me')).toBe('Alice');
    expect(participantsLabel(many, own, 'me')).toBe('Ann, Ben, Cid…');
    expect(participantsLabel([], own, 'me')).toBeNull();
  });
});

describe('conversationRowView', () => {
  const item: ConversationListItem = {
    threadId: 7,
    folderId: 3,
    mailboxId: 'mb',
    latestMessageId: 42,
    subject: 'Re: Plan',
    snippet: 'See you',
    latestAt: '2026-12-07T10:00:00.000Z',
    participants: [alice, me],
    messageCount: 3,
    folderMessageCount: 2,
    unreadCount: 1,
    seen: false,
    flagged: true,
    answered: false,
    hasAttachments: true,
    linkKinds: ['task'],
    fromName: 'Alice Archer',
    fromAddress: alice.address,
  };

  it('shows a conversation with its participants and count, keyed by thread', () => {
    expect(conversationRowView(item, own, 'me')).toMatchObject({
      key: 7,
      messageId: 42,
      threadId: 7,
      who: 'Alice, me',
      count: 3,
      unread: 1,
      flagged: true,
      hasAttachments: true,
    });
  });

  it('shows a conversation of one message as that message: its sender, no count', () => {
    const single = conversationRowView({ ...item, messageCount: 1, participants: [alice] }, own, 'me');
    expect(single).toMatchObject({ who: 'Alice Archer', count: null });
  });
});
