import { describe, expect, it } from 'vitest';
import { linkifyText } from './linkify-text';

describe('linkifyText', () => {
  it('turns http(s), www and mailto into links and keeps every character', () => {
    const text = 'See https://example.com/a?b=1, www.example.org or write to mailto:a@example.com.';
    const tokens = linkifyText(text);
    expect(tokens).toEqual([
      { kind: 'text', value: 'See ' },
      { kind: 'link', href: 'https://example.com/a?b=1', value: 'https://example.com/a?b=1' },
      { kind: 'text', value: ', ' },
      { kind: 'link', href: 'http://www.example.org/', value: 'www.example.org' },
      { kind: 'text', value: ' or write to ' },
      { kind: 'link', href: 'mailto:a@example.com', value: 'mailto:a@example.com' },
      { kind: 'text', value: '.' },
    ]);
  });

  it('leaves javascript:, data:, ftp: and protocol-relative URLs as text', () => {
    const text = 'javascript:alert(1) data:text/html;base64,PHA+ ftp://example.com/f //example.com/x';
    expect(linkifyText(text)).toEqual([{ kind: 'text', value: text }]);
  });

  it('percent-encodes quotes and markup inside a link, so an href can never become attributes', () => {
    const [, link] = linkifyText('x http://example.com/"onmouseover="alert(1)');
    expect(link).toEqual({
      kind: 'link',
      href: 'http://example.com/%22onmouseover=%22alert(1)',
      value: 'http://example.com/"onmouseover="alert(1)',
    });
  });

  it('returns plain text untouched, and nothing for nothing', () => {
    expect(linkifyText('<script>alert(1)</script>')).toEqual([{ kind: 'text', value: '<script>alert(1)</script>' }]);
    expect(linkifyText('')).toEqual([]);
  });
});
