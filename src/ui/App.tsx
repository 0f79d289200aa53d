import { createEffect, createMemo, createSignal, Match, on, onCleanup, onMount, Show, Switch, untrack, type JSX } from 'solid-js';
import { escalate, resolve, watchStatuses } from './case/analyst-store';
import { CaseQueue } from './components/CaseQueue';
import { HelpDialog } from './components/HelpDialog';
import { Intake } from './components/Intake';
import { handleKey } from './state/keyboard';
import { queuedCase, queuedCases, restoreCases } from './state/queue';
import { holdRow, NO_FILTER, visibleCases, type HeldRow, type QueueFilter, type QueueSort } from './state/queue-view';
import { navigate, route } from './state/router';
import { CaseView } from './views/CaseView';
import { HomeView } from './views/HomeView';
import { SettingsView } from './views/SettingsView';

export function App(): JSX.Element {
  const [filter, setFilter] = createSignal<QueueFilter>(NO_FILTER);
  const [sort, setSort] = createSignal<QueueSort>('risk');
  const [selected, setSelected] = createSignal<string | undefined>();
  const [help, setHelp] = createSignal(false);
  const [restored, setRestored] = createSignal(false);
  const [keyNotice, setKeyNotice] = createSignal('');
  const analystStatuses = watchStatuses();
  const sorted = createMemo(() => visibleCases(queuedCases(), filter(), sort()));
  const [held, setHeld] = createSignal<HeldRow | undefined>();
  const shown = createMemo(() => holdRow(sorted(), held()));
  const activeId = (): string | undefined => {
    const current = route();
    return current.view === 'case' ? current.caseId : undefined;
  };
  const evidence = () => {
    const current = route();
    return current.view === 'case' ? current.evidence : undefined;
  };
  const target = (): string | undefined => selected() ?? activeId();
  let searchInput: HTMLInputElement | undefined;

  // The selected case stays at the row where the analyst picked it while verdicts re-sort the rest (queue-view.ts).
  const holdAt = (id: string | undefined, list: readonly { id: string }[]): void => {
    const index = id === undefined ? -1 : list.findIndex((item) => item.id === id);
    setHeld(index < 0 ? undefined : { id: id as string, index });
  };
  createEffect(on(target, (id) => holdAt(id, untrack(shown))));
  // A filter or a sort is a new order the analyst asked for: the selection moves to its place in it.
  createEffect(on([filter, sort], () => holdAt(untrack(target), untrack(sorted)), { defer: true }));

  // Another view or case opens at its top (the drawer of the same case keeps the place). In the next frame: the
  // layout that reading the scroll position needs is then the one the frame does anyway.
  let main!: HTMLElement;
  const page = (): string => {
    const current = route();
    return current.view === 'case' ? `case/${current.caseId}` : current.view;
  };
  createEffect(on(page, () => requestAnimationFrame(() => {
    if (main.scrollTop) main.scrollTop = 0;
  }), { defer: true }));

  const move = (step: 1 | -1): void => {
    const list = shown();
    if (!list.length) return;
    const at = list.findIndex((item) => item.id === target());
    const next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    setSelected(list[next].id);
  };

  const decide = (id: string | undefined, action: 'escalate' | 'resolve'): void => {
    if (!id) return;
    const item = queuedCase(id);
    const done = action === 'escalate'
      ? escalate(id, 'Escalated from the keyboard')
      : resolve(id, item?.verdict === 'noise' ? 'noise' : 'tuning', 'Resolved from the keyboard');
    void done.then(() => setKeyNotice(`${item?.title ?? id}: ${action === 'escalate' ? 'escalated' : 'resolved'}`));
  };

  onMount(() => {
    void restoreCases().finally(() => setRestored(true));
    const onKey = (event: KeyboardEvent): void => {
      const handled = handleKey(event, {
        move,
        open: () => {
          const id = target();
          if (id) navigate({ view: 'case', caseId: id });
        },
        escalate: () => decide(target(), 'escalate'),
        resolve: () => decide(target(), 'resolve'),
        search: () => searchInput?.focus(),
        help: () => setHelp(true),
        close: () => {
          const current = route();
          if (current.view === 'case' && current.evidence && !help()) navigate({ view: 'case', caseId: current.caseId });
        },
      });
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });

  return (
    <div class="h-screen grid grid-rows-[auto_minmax(0,1fr)] bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:p-2 focus:bg-sky-700 focus:text-white" onClick={(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}>Skip to content</a>
      <header class="flex flex-wrap items-center gap-3 px-3 py-2 border-b border-b-solid border-slate-200 dark:border-slate-800">
        <a href="#/" class="flex items-center gap-2 font-semibold text-inherit no-underline">
          <img src="favicon.svg" alt="" width="24" height="24" />
          SOC Triage
        </a>
        <Intake />
        <nav aria-label="Views" class="ml-auto flex items-center gap-2">
          <span role="status" class="text-xs text-slate-600 dark:text-slate-400 truncate max-w-60" data-testid="key-notice">{keyNotice()}</span>
          <a href="#/settings" class="btn no-underline" data-testid="open-settings" aria-current={route().view === 'settings' ? 'page' : undefined}>Settings</a>
          <button type="button" class="btn" data-testid="open-help" aria-keyshortcuts="?" onClick={() => setHelp(true)}>Keys</button>
        </nav>
      </header>
      <div class="grid grid-cols-[18rem_minmax(0,1fr)] xl:grid-cols-[20rem_minmax(0,1fr)] 2xl:grid-cols-[24rem_minmax(0,1fr)] min-h-0">
        <aside class="border-r border-r-solid border-slate-200 dark:border-slate-800 p-2 min-h-0 flex flex-col">
          <CaseQueue
            cases={shown()}
            total={queuedCases().length}
            filter={filter()}
            sort={sort()}
            activeId={activeId()}
            selectedId={selected()}
            analystStatus={(id) => analystStatuses()?.get(id)}
            onFilter={setFilter}
            onSort={setSort}
            onOpen={(id) => {
              setSelected(id);
              navigate({ view: 'case', caseId: id });
            }}
            searchRef={(input) => (searchInput = input)}
          />
        </aside>
        <main ref={main} id="main" tabindex="-1" class="overflow-auto min-h-0 min-w-0 outline-none">
          <Switch fallback={<HomeView />}>
            <Match when={route().view === 'settings'}><SettingsView /></Match>
            <Match when={activeId()}>
              {(id) => (
                <Show when={restored() || queuedCase(id())} fallback={<p class="p-4">Loading stored cases…</p>}>
                  <CaseView caseId={id()} evidence={evidence()} />
                </Show>
              )}
            </Match>
          </Switch>
        </main>
      </div>
      <HelpDialog open={help()} onClose={() => setHelp(false)} />
    </div>
  );
}
