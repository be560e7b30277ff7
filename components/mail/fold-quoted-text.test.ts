import { describe, expect, it } from 'vitest';
import type { TextToken } from '@/lib/mail/render/linkify-text';
import { foldQuotedText } from './fold-quoted-text';

const text = (value: string): TextToken => ({ kind: 'text', value });
const joined = (tokens: TextToken[]) => tokens.map((t) => t.value).join('');

describe('foldQuotedText', () => {
  it('separates the reply from the quoted lines, keeping the text whole', () => {
    const body = 'Thanks, see you then.\n\nOn Monday, Alice wrote:\n> Shall we meet?\n> At ten?\n';
    const segments = foldQuotedText([text(body)]);
    expect(segments.map((s) => s.quoted)).toEqual([false, true]);
    expect(joined(segments[1]!.tokens)).toBe('> Shall we meet?\n> At ten?\n');
    expect(segments.map((s) => joined(s.tokens)).join('')).toBe(body);
  });

  it('keeps links in their line and finds quotes after text again', () => {
    const tokens: TextToken[] = [
      text('See '),
      { kind: 'link', href: 'https://example.test/', value: 'https://example.test/' },
      text('\n> old\n  > older\nnew text\n> again'),
    ];
    const segments = foldQuotedText(tokens);
    expect(segments.map((s) => [s.quoted, joined(s.tokens)])).toEqual([
      [false, 'See https://example.test/\n'],
      [true, '> old\n  > older\n'],
      [false, 'new text\n'],
      [true, '> again'],
    ]);
    expect(segments[0]!.tokens[1]).toMatchObject({ kind: 'link' });
  });

  it('leaves a text without quotes as one segment', () => {
    expect(foldQuotedText([text('a > b\nc')]).map((s) => s.quoted)).toEqual([false]);
  });
});
