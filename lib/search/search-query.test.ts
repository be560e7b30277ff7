import { describe, expect, it } from 'vitest';
import { buildSearchQuery } from './search-query';

describe('buildSearchQuery', () => {
  it('matches every word, the last one as a prefix, split like the search vectors', () => {
    expect(buildSearchQuery('Invoice  payment')).toBe("'invoice' & 'payment':*");
    expect(buildSearchQuery('ops@example.test')).toBe("'ops' & 'example' & 'test':*");
    expect(buildSearchQuery('zanzib')).toBe("'zanzib':*");
  });

  it('leaves nothing to search for punctuation alone, and cannot be broken by quotes', () => {
    expect(buildSearchQuery(' !!! ')).toBeNull();
    expect(buildSearchQuery("o'brien \\ it's")).toBe("'o' & 'brien' & 'it' & 's':*");
  });
});
