import { createMemo, createSignal, For, onCleanup, onMount, type JSX } from 'solid-js';
import { rootScale } from '../state/root-scale';
import { visibleRows } from '../state/virtual-window';

/**
 * A fixed-row-height list that puts only the visible rows in the DOM, so 100,000 events scroll at frame rate.
 * Rows are keyed by their item, so a re-sorted or re-filtered list re-renders only rows whose item changed.
 */
export function VirtualList<T extends object>(props: {
  count: number;
  itemAt: (index: number) => T | undefined;
  /** Row height in px at the 16 px root size; it grows with the root font on 4K screens (root-scale.ts). */
  rowHeight: number;
  /** Bump when items behind unchanged indices changed (new order, new rows). */
  version?: number;
  label: string;
  class?: string;
  testid?: string;
  /** Fixed viewport height in px at the 16 px root size; without it the height comes from `class`. */
  height?: number;
  /** Index to keep in view (keyboard selection). */
  activeIndex?: number;
  row: (item: T, index: number) => JSX.Element;
}): JSX.Element {
  let viewport!: HTMLDivElement;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [height, setHeight] = createSignal(0);
  let frame = 0;
  const rowHeight = (): number => Math.round(props.rowHeight * rootScale());
  const fixedHeight = (): number | undefined => (props.height === undefined ? undefined : Math.round(props.height * rootScale()));

  const onScroll = (): void => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      setScrollTop(viewport.scrollTop);
    });
  };

  // The height comes from the observer only: reading clientHeight while mounting would force a layout of the whole
  // page inside the mounting task (20-50 ms on a drop, seen in a CDP trace). The observer reports after layout,
  // before paint, so the first frame still shows the rows.
  onMount(() => {
    const observer = new ResizeObserver((entries) => setHeight(entries[entries.length - 1].contentRect.height));
    observer.observe(viewport);
    onCleanup(() => {
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
    });
  });

  // A list given its height renders its rows in the mounting task; a measured one when the observer reports, which
  // makes the frame lay the page out a second time.
  const range = createMemo(() => visibleRows(props.count, rowHeight(), scrollTop(), fixedHeight() ?? height()));
  const items = createMemo(() => {
    void props.version;
    const { first, last } = range();
    const list: T[] = [];
    for (let index = first; index < last; index++) {
      const item = props.itemAt(index);
      if (item) list.push(item);
    }
    return list;
  });

  createMemo(() => {
    const active = props.activeIndex;
    if (active === undefined || active < 0 || !viewport) return;
    const top = active * rowHeight();
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + rowHeight() > viewport.scrollTop + viewport.clientHeight) {
      viewport.scrollTop = top + rowHeight() - viewport.clientHeight;
    }
  });

  return (
    <div
      ref={viewport}
      class={`relative overflow-auto [contain:strict] [will-change:transform] ${props.class ?? ''}`}
      role="list"
      aria-label={props.label}
      data-testid={props.testid}
      data-count={props.count}
      style={fixedHeight() === undefined ? undefined : { height: `${fixedHeight()}px` }}
      onScroll={onScroll}
    >
      <div style={{ height: `${props.count * rowHeight()}px`, position: 'relative' }}>
        <For each={items()}>
          {(item, offset) => (
            <div
              role="listitem"
              style={{ position: 'absolute', left: 0, right: 0, top: `${(range().first + offset()) * rowHeight()}px`, height: `${rowHeight()}px` }}
            >
              {props.row(item, range().first + offset())}
            </div>
          )}
        </For>
      </div>
    </div>
  );
}
