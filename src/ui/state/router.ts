import { createSignal } from 'solid-js';
import { formatRoute, parseRoute, type Route } from './routing';

const [current, setCurrent] = createSignal<Route>(parseRoute(location.hash));

window.addEventListener('hashchange', () => setCurrent(parseRoute(location.hash)));

export const route = current;

/** Pushes a history entry (back returns to where the analyst was) unless `replace` is set. */
export function navigate(next: Route, replace = false): void {
  const hash = formatRoute(next);
  if (location.hash === hash) return;
  if (replace) {
    history.replaceState(history.state, '', hash);
    setCurrent(parseRoute(hash));
  } else {
    location.hash = hash;
  }
}
