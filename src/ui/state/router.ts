import { createSignal } from 'solid-js';
import { formatRoute, parseRoute, type Route } from './routing';

const [current, setCurrent] = createSignal<Route>(parseRoute(location.hash));

let followed = location.hash;
const follow = (): void => {
  if (location.hash === followed) return;
  followed = location.hash;
  setCurrent(parseRoute(location.hash));
};
// Back and forward fire popstate (and hashchange when only the fragment differs); either way the route follows.
window.addEventListener('hashchange', follow);
window.addEventListener('popstate', follow);

export const route = current;

/** Pushes a history entry (back returns to where the analyst was) unless `replace` is set. */
export function navigate(next: Route, replace = false): void {
  const hash = formatRoute(next);
  if (location.hash === hash) return;
  // pushState rather than `location.hash =`: a fragment navigation scrolls to a matching id, which forces a layout
  // of the page inside the task (26 ms of the drop task in a CDP profile).
  if (replace) history.replaceState(history.state, '', hash);
  else history.pushState(history.state, '', hash);
  followed = location.hash;
  setCurrent(parseRoute(hash));
}
