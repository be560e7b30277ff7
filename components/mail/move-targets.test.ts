import { describe, expect, it } from 'vitest';
import { moveTargetsFor } from './move-targets';

const folder = (id: number, specialUse: 'inbox' | 'drafts' | 'sent' | 'archive' | 'trash' | null, mailboxId = 'a') => ({
  id,
  specialUse,
  mailboxId,
});

describe('moveTargetsFor', () => {
  const folders = [
    folder(1, 'inbox'),
    folder(2, 'drafts'),
    folder(3, 'sent'),
    folder(4, 'archive'),
    folder(5, null),
    folder(6, 'trash'),
    folder(7, 'archive', 'b'),
  ];

  it('offers the same mailbox’s folders, less Drafts, Sent and the current folder', () => {
    expect(moveTargetsFor(folders, { id: 1, mailboxId: 'a' }).map((f) => f.id)).toEqual([4, 5, 6]);
  });

  it('offers the inbox from another folder, and nothing without a current folder', () => {
    expect(moveTargetsFor(folders, { id: 5, mailboxId: 'a' }).map((f) => f.id)).toEqual([1, 4, 6]);
    expect(moveTargetsFor(folders, undefined)).toEqual([]);
  });
});
