import { describe, expect, it } from 'vitest';
import { rowRange, scrollTopFor } from './row-window';

describe('rowRange', () => {
  it('is the rows in the viewport with the overscan around them, within the list', () => {
    // 900 px of 76 px rows at the top: rows 0–11 are (partly) visible, 8 more below.
    expect(rowRange(0, 900, 76, 1000, 8)).toEqual({ start: 0, end: 20 });
    // Scrolled to row 100 (7600 px): 100–111 visible, 8 either side.
    expect(rowRange(7600, 900, 76, 1000, 8)).toEqual({ start: 92, end: 120 });
    // Rows cut at the top and at the bottom still count (100 and 112).
    expect(rowRange(7650, 900, 76, 1000, 0)).toEqual({ start: 100, end: 113 });
  });

  it('stops at the ends of a short list', () => {
    expect(rowRange(0, 900, 76, 5, 8)).toEqual({ start: 0, end: 5 });
    expect(rowRange(0, 900, 76, 0, 8)).toEqual({ start: 0, end: 0 });
    // Scrolled further than the list reaches (it shrank): the last rows, not an empty window.
    expect(rowRange(76_000, 900, 76, 10, 2)).toEqual({ start: 7, end: 10 });
  });
});

describe('scrollTopFor', () => {
  it('scrolls only as far as needed to show the row, and not at all when it is in view', () => {
    expect(scrollTopFor(3, 0, 900, 76)).toBeNull();
    // Below the viewport: its bottom at the viewport's bottom.
    expect(scrollTopFor(20, 0, 900, 76)).toBe(21 * 76 - 900);
    // Above: its top at the viewport's top.
    expect(scrollTopFor(2, 500, 900, 76)).toBe(152);
  });
});
