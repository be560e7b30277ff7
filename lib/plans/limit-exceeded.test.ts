import { describe, expect, it } from 'vitest';
import { throwIfAttachmentsTooLarge } from './guards';
import { throwIfOverLimit, usageOf } from './limit-exceeded';

describe('limit checks', () => {
  it.each([
    [4, false],
    [5, true],
    [6, true],
  ])('with %i of 5 used, adding one is refused: %s', (used, refused) => {
    const check = () => throwIfOverLimit('mailboxesPerEmployee', 5, used);
    if (refused) expect(check).toThrow(expect.objectContaining({ code: 'limit_exceeded', status: 403 }));
    else expect(check).not.toThrow();
  });

  it('words the message with the limit and the usage, and carries both for the UI', () => {
    let error: unknown;
    try {
      throwIfOverLimit('mailboxesPerEmployee', 1, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      userMessage:
        'Your plan allows 1 mailbox per employee and 1 is connected. Remove one, or ask an administrator to upgrade the plan.',
      details: { resource: 'mailboxesPerEmployee', limit: 1, used: 1, remaining: 0 },
    });
  });

  it('never refuses an unlimited resource', () => {
    expect(() => throwIfOverLimit('sharedMailboxes', null, 1_000_000)).not.toThrow();
    expect(usageOf(null, 7)).toEqual({ limit: null, used: 7, remaining: null });
    expect(usageOf(3, 5)).toEqual({ limit: 3, used: 5, remaining: 0 });
  });

  it('allows 14.3 MB of attachments and refuses one byte more', () => {
    expect(() => throwIfAttachmentsTooLarge(14_299_999)).not.toThrow();
    expect(() => throwIfAttachmentsTooLarge(14_300_000)).not.toThrow();
    expect(() => throwIfAttachmentsTooLarge(15_000_000)).toThrow(
      expect.objectContaining({
        userMessage: 'Attachments may total at most 14.3 MB per message; these total 15.0 MB.',
      }),
    );
    expect(() => throwIfAttachmentsTooLarge(14_300_001)).toThrow(expect.objectContaining({ code: 'limit_exceeded' }));
  });
});
