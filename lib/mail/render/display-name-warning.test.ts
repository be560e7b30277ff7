import { describe, expect, it } from 'vitest';
import { cleanDisplayName, displayNameWarning } from './display-name-warning';

describe('displayNameWarning', () => {
  it('warns when the name shows another address than the real one', () => {
    expect(displayNameWarning('ceo@bank.example', 'x@attacker.example')).toBe(
      'The name shows “ceo@bank.example” but the message is from x@attacker.example.',
    );
    expect(displayNameWarning('Bank Support <support@bank.example>', 'x@attacker.example')).toContain(
      '“support@bank.example”',
    );
  });

  it('sees through fullwidth @ signs, invisible characters and bidi overrides', () => {
    expect(displayNameWarning('ceo＠bank.example', 'x@attacker.example')).toContain('“ceo@bank.example”');
    expect(displayNameWarning('ceo@bank\u200b.example', 'x@attacker.example')).toContain('“ceo@bank.example”');
    expect(displayNameWarning('\u202emoc.knab@oec', 'x@attacker.example')).toContain('“ceo@bank.com”');
  });

  it('flags names that reorder their text even without an address in them', () => {
    expect(displayNameWarning('Invoice \u202efdp.exe', 'a@b.example')).toMatch(/hidden characters/);
  });

  it('stays quiet for ordinary names and for the sender’s own address', () => {
    expect(displayNameWarning('Jane Doe', 'jane@example.com')).toBeNull();
    expect(displayNameWarning('jane@example.com', 'Jane@Example.com')).toBeNull();
    expect(displayNameWarning('שלום\u200f עולם', 'a@example.com')).toBeNull();
    expect(displayNameWarning(null, 'a@example.com')).toBeNull();
    expect(displayNameWarning('', null)).toBeNull();
  });

  it('warns when a name shows an address and there is none', () => {
    expect(displayNameWarning('ceo@bank.example', null)).toBe(
      'The name shows “ceo@bank.example” but the message has no sender address.',
    );
  });
});

describe('cleanDisplayName', () => {
  it('removes control and bidi characters', () => {
    expect(cleanDisplayName('ceo@bank.example\u0000\r\n(verified)\u202e ')).toBe('ceo@bank.example(verified)');
  });
});
