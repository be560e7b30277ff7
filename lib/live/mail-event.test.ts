import { describe, expect, it } from 'vitest';
import { parseMailEventPayload } from './mail-event';

const box = '0b6c2d1e-8f4a-4c3b-9d2e-1a2b3c4d5e6f';

describe('the NOTIFY payload', () => {
  it.each([
    [`12:${box}:7:new`, { id: 12, mailboxId: box, folderId: 7, kind: 'new' }],
    [`13:${box}::folders`, { id: 13, mailboxId: box, folderId: null, kind: 'folders' }],
  ])('reads %s', (payload, event) => {
    expect(parseMailEventPayload(payload)).toEqual(event);
  });

  it.each([
    undefined,
    '',
    'hello',
    `12:${box}`,
    `0:${box}:7:new`,
    `-1:${box}:7:new`,
    `12:not-a-uuid:7:new`,
    `12:${box}:x:new`,
    `12:${box}:7:exploded`,
    `12:${box}:7:new:extra`,
  ])('ignores what is not one of ours: %s', (payload) => {
    expect(parseMailEventPayload(payload)).toBeNull();
  });
});
