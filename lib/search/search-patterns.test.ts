import { describe, expect, it } from 'vitest';
import { resolveSearchFolder } from './resolve-search-folder';
import { wordsPattern } from './search-patterns';

describe('wordsPattern', () => {
  it('matches words in order, in any case, the last as a prefix unless exact', () => {
    expect(wordsPattern('Bob', true)?.text).toBe('(?:^|[^[:alnum:]])[bB][oO][bB]');
    expect(wordsPattern('q3 invoice', false)?.text).toBe(
      '(?:^|[^[:alnum:]])[qQ]3[^[:alnum:]]+[iI][nN][vV][oO][iI][cC][eE](?:[^[:alnum:]]|$)',
    );
    expect(wordsPattern('straße', true)?.text).toContain('(?:ß|SS)');
    expect(wordsPattern('!!!', true)).toBeNull();
  });

  it('behaves as PostgreSQL would read it (checked here with the same syntax in JavaScript)', () => {
    // [[:alnum:]] is POSIX; for a JavaScript check it becomes an ASCII class, which ARE and JS share.
    const js = (pattern: string) => new RegExp(pattern.replaceAll('[:alnum:]', 'a-zA-Z0-9'));
    const p = wordsPattern('q3 invoice', false)!;
    expect(js(p.text).test('Re: Q3  Invoice!')).toBe(true);
    expect(js(p.text).test('q3 invoices')).toBe(false);
    expect(js(p.text).test('aq3 invoice')).toBe(false);
    expect(js(p.html).test('<b>q3</b>&nbsp;<i>invoice</i>')).toBe(true);
  });
});

describe('resolveSearchFolder', () => {
  const folders = [
    { id: 1, name: 'Inbox', path: 'INBOX', specialUse: 'inbox' },
    { id: 2, name: 'Sent Items', path: 'Sent Items', specialUse: 'sent' },
    { id: 3, name: 'Junk E-mail', path: 'Junk E-mail', specialUse: 'junk' },
    { id: 4, name: 'Q3', path: 'Projects/Q3', specialUse: null },
  ];
  it('knows special-use names, folder names and paths, without regard to case', () => {
    expect(resolveSearchFolder('SENT', folders)?.id).toBe(2);
    expect(resolveSearchFolder('spam', folders)?.id).toBe(3);
    expect(resolveSearchFolder('sent items', folders)?.id).toBe(2);
    expect(resolveSearchFolder('q3', folders)?.id).toBe(4);
    expect(resolveSearchFolder('projects/q3', folders)?.id).toBe(4);
    expect(resolveSearchFolder('trash', folders)).toBeNull();
    expect(resolveSearchFolder('nowhere', folders)).toBeNull();
  });
});
