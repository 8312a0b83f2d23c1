import { describe, expect, it } from 'vitest';
import {
  FLAGGED_ROW_HEIGHT,
  ROW_HEIGHT,
  pageSize,
  revealScrollTop,
  rowAt,
  rowOffsets,
  windowFor,
} from './table-window';

const uniform = (n: number) => rowOffsets(Array.from({ length: n }, () => ROW_HEIGHT));

describe('table windowing', () => {
  it('builds prefix offsets', () => {
    expect(rowOffsets([36, 58, 36])).toEqual([0, 36, 94, 130]);
    expect(rowOffsets([])).toEqual([0]);
  });

  it('finds the row under a position, clamped to the rows there are', () => {
    const offsets = rowOffsets([36, 58, 36]);
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 35)).toBe(0);
    expect(rowAt(offsets, 36)).toBe(1);
    expect(rowAt(offsets, 93)).toBe(1);
    expect(rowAt(offsets, 94)).toBe(2);
    expect(rowAt(offsets, 10_000)).toBe(2);
    expect(rowAt(offsets, -5)).toBe(0);
  });

  it('renders only the viewport plus overscan out of 5,000 rows', () => {
    const offsets = uniform(5000);
    const top = windowFor(offsets, 0, 360, 10);
    expect(top).toMatchObject({ start: 0, end: 20, firstVisible: 0, padTop: 0 });
    expect(top.padBottom).toBe((5000 - 20) * ROW_HEIGHT);

    const middle = windowFor(offsets, 100 * ROW_HEIGHT + 5, 360, 10);
    expect(middle).toMatchObject({ start: 90, end: 121, firstVisible: 100 });
    expect(middle.padTop + (middle.end - middle.start) * ROW_HEIGHT + middle.padBottom).toBe(
      5000 * ROW_HEIGHT,
    );

    const bottom = windowFor(offsets, 5000 * ROW_HEIGHT, 360, 10);
    expect(bottom.end).toBe(5000);
    expect(bottom.padBottom).toBe(0);
    expect(bottom.end - bottom.start).toBeLessThan(40);
  });

  it('accounts for taller flagged rows', () => {
    const heights = Array.from({ length: 100 }, (_, i) =>
      i % 2 ? FLAGGED_ROW_HEIGHT : ROW_HEIGHT,
    );
    const offsets = rowOffsets(heights);
    const w = windowFor(offsets, 10 * (ROW_HEIGHT + FLAGGED_ROW_HEIGHT), 200, 2);
    expect(w.firstVisible).toBe(20);
    expect(w.start).toBe(18);
    expect(w.padTop).toBe(offsets[18]);
    expect(w.padTop + (offsets[w.end]! - offsets[w.start]!) + w.padBottom).toBe(offsets[100]);
  });

  it('handles an empty table and a viewport larger than all rows', () => {
    expect(windowFor([0], 0, 500)).toEqual({
      start: 0,
      end: 0,
      firstVisible: 0,
      padTop: 0,
      padBottom: 0,
    });
    expect(windowFor(uniform(3), 0, 5000)).toMatchObject({ start: 0, end: 3, padBottom: 0 });
  });

  it('scrolls as little as possible to reveal a row', () => {
    const offsets = uniform(100);
    // Already visible: no move.
    expect(revealScrollTop(offsets, 3, 0, 360)).toBe(0);
    // Below the viewport: its bottom edge lands on the viewport's bottom.
    expect(revealScrollTop(offsets, 20, 0, 360)).toBe(21 * ROW_HEIGHT - 360);
    // Above: its top lands on the viewport's top.
    expect(revealScrollTop(offsets, 5, 50 * ROW_HEIGHT, 360)).toBe(5 * ROW_HEIGHT);
    expect(revealScrollTop(offsets, 500, 77, 360)).toBe(77);
  });

  it('pages by the whole rows that fit, less one for context', () => {
    expect(pageSize(360)).toBe(9);
    expect(pageSize(10)).toBe(1);
  });
});
