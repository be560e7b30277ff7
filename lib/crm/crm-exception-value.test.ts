import { describe, expect, it } from 'vitest';
import { parseCrmExceptionValue } from './crm-exception-value';

describe('parseCrmExceptionValue', () => {
  it.each([
    ['Ada@Example.com', { kind: 'address', value: 'ada@example.com' }],
    ['  example.com ', { kind: 'domain', value: 'example.com' }],
    ['@Example.COM', { kind: 'domain', value: 'example.com' }],
    ['*.mail.example.com', { kind: 'domain', value: 'mail.example.com' }],
    ['xn--bcher-kva.example', { kind: 'domain', value: 'xn--bcher-kva.example' }],
  ])('%s', (raw, expected) => {
    expect(parseCrmExceptionValue(raw)).toEqual(expected);
  });

  it.each([
    '',
    '@',
    'example',
    'ada@',
    '@@example.com',
    'ada@@example.com',
    'exa mple.com',
    '-bad.example.com',
    'a@b@c.com',
    'example..com',
  ])('refuses %j', (raw) => {
    expect(parseCrmExceptionValue(raw)).toBeNull();
  });
});
