/** The triage keys, also listed in the help dialog. */
export const KEY_BINDINGS: readonly { key: string; action: string }[] = [
  { key: 'j', action: 'Next case in the queue' },
  { key: 'k', action: 'Previous case in the queue' },
  { key: 'Enter', action: 'Open the selected case' },
  { key: 'e', action: 'Escalate the selected case' },
  { key: 'r', action: 'Resolve the selected case (as noise if its verdict is noise, else as tuning)' },
  { key: '/', action: 'Search the queue' },
  { key: '?', action: 'Show these keys' },
  { key: 'Escape', action: 'Close the drawer or this dialog' },
];

export interface KeyActions {
  move: (step: 1 | -1) => void;
  open: () => void;
  escalate: () => void;
  resolve: () => void;
  search: () => void;
  help: () => void;
  close: () => void;
}

/** Keys typed into a field are text, not commands. */
function isTyping(target: EventTarget | null): boolean {
  const element = target as Partial<HTMLElement> | null;
  if (!element || typeof element.tagName !== 'string') return false;
  return element.isContentEditable === true || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

export function handleKey(event: KeyboardEvent, actions: KeyActions): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  if (event.key === 'Escape') {
    actions.close();
    return false;
  }
  if (isTyping(event.target)) return false;
  switch (event.key) {
    case 'j':
      actions.move(1);
      return true;
    case 'k':
      actions.move(-1);
      return true;
    case 'Enter':
      // Enter on a focused button is that button's click, not "open the selected case".
      if (['BUTTON', 'A'].includes((event.target as Partial<HTMLElement> | null)?.tagName ?? '')) return false;
      actions.open();
      return true;
    case 'e':
      actions.escalate();
      return true;
    case 'r':
      actions.resolve();
      return true;
    case '/':
      actions.search();
      return true;
    case '?':
      actions.help();
      return true;
    default:
      return false;
  }
}
