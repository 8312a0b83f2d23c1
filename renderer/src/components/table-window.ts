/**
 * Windowing math for the device table: which rows to put in the DOM for a scroll position, and
 * where to scroll to reveal a row. Rows have one of two known heights (a flagged row carries a
 * second line), so positions are prefix sums and lookups are binary searches: 5,000 rows cost a
 * few microseconds per scroll event, and only ~30 rows exist in the DOM at any time.
 */

/** Height of a plain row in px; must match `.row` in DeviceRow.vue. */
export const ROW_HEIGHT = 36;
/** Height of a row with a flag line (foreign subnet, IP conflict); must match `.row-flagged`. */
export const FLAGGED_ROW_HEIGHT = 58;
/** Rows rendered above and below the viewport, so fast scrolling and arrow keys find them ready. */
export const OVERSCAN = 10;
/** Viewport assumed before the table is measured (server render, first frame). */
export const DEFAULT_VIEWPORT = 560;

export interface RowWindow {
  /** First row in the DOM (inclusive). */
  start: number;
  /** Row after the last one in the DOM (exclusive). */
  end: number;
  /** First row at least partly inside the viewport. */
  firstVisible: number;
  /** Space standing in for the rows above `start` and below `end`, in px. */
  padTop: number;
  padBottom: number;
}

/** `offsets[i]` is the top of row i; `offsets[n]` is the height of all rows together. */
export function rowOffsets(heights: readonly number[]): number[] {
  const offsets = new Array<number>(heights.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = offsets[i]! + heights[i]!;
  return offsets;
}

/** The row whose span [offsets[i], offsets[i+1]) holds `y`, clamped to the rows there are. */
export function rowAt(offsets: readonly number[], y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return 0;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The rows to render for a scroll position (body coordinates) and viewport height. */
export function windowFor(
  offsets: readonly number[],
  scrollTop: number,
  viewport: number,
  overscan = OVERSCAN,
): RowWindow {
  const n = offsets.length - 1;
  const total = offsets[n] ?? 0;
  if (n <= 0) return { start: 0, end: 0, firstVisible: 0, padTop: 0, padBottom: 0 };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, total - 1));
  const bottom = top + Math.max(0, viewport);
  const firstVisible = rowAt(offsets, top);
  const lastVisible = rowAt(offsets, Math.max(top, bottom - 1));
  const start = Math.max(0, firstVisible - overscan);
  const end = Math.min(n, lastVisible + 1 + overscan);
  return { start, end, firstVisible, padTop: offsets[start]!, padBottom: total - offsets[end]! };
}

/** The scrollTop that brings row `index` fully into view, moving as little as possible. */
export function revealScrollTop(
  offsets: readonly number[],
  index: number,
  scrollTop: number,
  viewport: number,
): number {
  const top = offsets[index];
  const bottom = offsets[index + 1];
  if (top === undefined || bottom === undefined) return scrollTop;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return Math.max(0, bottom - viewport);
  return scrollTop;
}

/** How many whole plain rows fit in the viewport: the step of PageUp and PageDown. */
export function pageSize(viewport: number): number {
  return Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
}
