import { describe, expect, it } from 'vitest';
import { scanHtmlText } from './scan-html-text';

function textOf(html: string): string {
  let text = '';
  scanHtmlText(html, { text: (segment) => (text += segment), blockBoundary: () => (text += '\n'), done: () => false });
  return text;
}

describe('scanHtmlText', () => {
  it('never cuts an entity in two at a slice boundary', () => {
    // Slices are 4,096 characters: put "&amp;" across the first boundary at every offset.
    for (let offset = 1; offset < 6; offset++) {
      const html = `<p>${'x'.repeat(4096 - offset)}&amp;${'y'.repeat(10)}</p>`;
      expect(textOf(html)).toContain('x&y');
    }
  });

  it('keeps every character of long text without entities', () => {
    const html = `<div>${'abcdefghij'.repeat(40_000)}</div>`;
    expect(textOf(html).replace(/\n/g, '')).toHaveLength(400_000);
  });
});
