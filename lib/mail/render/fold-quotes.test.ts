import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { foldQuotes } from './fold-quotes';

describe('foldQuotes', () => {
  const labels = { show: 'Show "quoted" <text>', hide: 'Hide quoted text' };

  it('wraps the body after a toggle and puts the escaped labels in its label', () => {
    const html = foldQuotes('<p>Thanks</p><blockquote><p>Old</p></blockquote>', labels);
    const { document } = new JSDOM(`<!doctype html><body>${html}</body>`).window;
    const toggle = document.querySelector('input.mr-quotes');
    expect(toggle?.getAttribute('type')).toBe('checkbox');
    expect(document.querySelector('.mr-body blockquote')?.textContent).toBe('Old');
    const label = document.querySelector('label.mr-quotes-label');
    expect(label?.getAttribute('for')).toBe(toggle?.id);
    expect(label?.querySelector('.mr-show')?.textContent).toBe('Show "quoted" <text>');
    expect(label?.innerHTML).not.toContain('<text>');
    // The toggle comes before the body and the label after it: the CSS sibling selectors depend on that order.
    expect([...document.body.children].map((e) => e.className)).toEqual([
      '',
      'mr-quotes',
      'mr-body',
      'mr-quotes-label',
    ]);
  });
});
