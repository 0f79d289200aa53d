/** Rows drawn above and below the visible ones, so a fast scroll shows no blank band before the next frame. */
export const OVERSCAN_ROWS = 8;

export interface RowWindow {
  /** First row to render. */
  first: number;
  /** One past the last row to render. */
  last: number;
  /** Pixel offset of `first`. */
  offset: number;
}

/** Which rows of a fixed-height list intersect the viewport: the whole virtualization is this arithmetic. */
export function visibleRows(count: number, rowHeight: number, scrollTop: number, viewportHeight: number, overscan = OVERSCAN_ROWS): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { first: 0, last: 0, offset: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.max(0, Math.min(count - 1, Math.floor(top / rowHeight) - overscan));
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const last = Math.min(count, Math.floor(top / rowHeight) + visible + overscan);
  return { first, last: Math.max(first, last), offset: first * rowHeight };
}

/** The scrollTop that brings row `index` into view with the least movement, or the current one if it is visible. */
export function scrollTopFor(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const rowTop = index * rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowTop + rowHeight > scrollTop + viewportHeight) return rowTop + rowHeight - viewportHeight;
  return scrollTop;
}
