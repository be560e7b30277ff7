import { describe, expect, it } from 'vitest';
import type { WebmailMailbox } from '@/lib/mail/webmail/list-mail-folders';
import { inboxUnreadLabel, titleWithCount } from './tab-title';

const mailbox = (folders: Array<{ specialUse: 'inbox' | 'sent' | null; unread: number; unreadMore?: boolean }>) =>
  ({
    folders: folders.map((f, i) => ({ id: i, name: 'x', path: 'x', unreadMore: false, ...f })),
  }) as unknown as WebmailMailbox;

describe('the tab title', () => {
  it.each([
    { boxes: [], label: '' },
    { boxes: [mailbox([{ specialUse: 'inbox', unread: 0 }])], label: '' },
    {
      boxes: [
        mailbox([
          { specialUse: 'inbox', unread: 2 },
          { specialUse: 'sent', unread: 5 },
        ]),
      ],
      label: '2',
    },
    {
      boxes: [mailbox([{ specialUse: 'inbox', unread: 2 }]), mailbox([{ specialUse: 'inbox', unread: 1 }])],
      label: '3',
    },
    { boxes: [mailbox([{ specialUse: 'inbox', unread: 1000, unreadMore: true }])], label: '1000+' },
  ])('counts unread INBOX mail of every mailbox: $label', ({ boxes, label }) => {
    expect(inboxUnreadLabel(boxes)).toBe(label);
  });

  it('puts the count in front of the title, once', () => {
    expect(titleWithCount('Mail · Mailroom', '3')).toBe('(3) Mail · Mailroom');
    expect(titleWithCount('(3) Mail · Mailroom', '4')).toBe('(4) Mail · Mailroom');
    expect(titleWithCount('(999+) Mail · Mailroom', '')).toBe('Mail · Mailroom');
  });
});
