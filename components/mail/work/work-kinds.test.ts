import { describe, expect, it } from 'vitest';
import { singleMessageOnly, workKinds } from './work-kinds';

describe('singleMessageOnly', () => {
  it('allows every kind for one message', () => {
    expect(workKinds.filter((k) => singleMessageOnly(k, 1))).toEqual([]);
  });

  it('keeps events, chats and posts to one message', () => {
    expect(workKinds.filter((k) => singleMessageOnly(k, 2))).toEqual(['calendar', 'chat', 'feed']);
  });
});
