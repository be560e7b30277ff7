import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

describe('the client address a request handler reads', () => {
  it('is the single address the server put in X-Forwarded-For', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.7' }))).toBe('203.0.113.7');
    expect(clientAddress(new Headers({ 'x-forwarded-for': '::ffff:203.0.113.7' }))).toBe('203.0.113.7');
  });

  it.each([
    ['missing', {}],
    ['a list, which the server never sends', { 'x-forwarded-for': '1.1.1.1, 203.0.113.7' }],
    ['a name', { 'x-forwarded-for': 'example.com' }],
    ['only X-Real-IP', { 'x-real-ip': '203.0.113.7' }],
  ])("is 'unknown' when %s", (_name, headers: Record<string, string>) => {
    expect(clientAddress(new Headers(headers))).toBe('unknown');
  });
});
